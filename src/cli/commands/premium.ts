import type { Command } from 'commander';
import type { Registrar } from '../main.ts';

// Placeholder until the contribution engine lands (being written now).
export function registerPremiumCommand(_program: Command, _registrar: Registrar): void {}
