import type { Command } from 'commander';
import type { Registrar } from '../main.ts';

// Placeholder until the identifiers land (being written now).
export function registerIdCommands(_program: Command, _registrar: Registrar): void {}
