/** Builds a parameterised WHERE clause from optional filters without hand-numbering `$n`. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): this {
    this.parts.push(condition);
    return this;
  }

  /** Adds a condition that numbers its own parameters from the next free one. */
  addNumbered(
    condition: { sql: (ref: string, firstParam: number) => string; params: unknown[] },
    ref: string,
  ): this {
    this.parts.push(condition.sql(ref, this.params.length + 1));
    this.params.push(...condition.params);
    return this;
  }

  toString(): string {
    return this.parts.length === 0 ? 'true' : this.parts.map((part) => `(${part})`).join(' AND ');
  }
}

/** A LIKE pattern matching values that start with `prefix` taken literally. */
export function startsWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
