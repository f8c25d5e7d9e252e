import type { z } from 'zod';

export type RefusalParams = Record<string, string | number | null>;

export interface RefusalDetails {
  reason: string;
  field?: string;
  params?: RefusalParams;
}

/**
 * A refusal, in the hub's shape: a coarse code with its HTTP status, an English message for logs,
 * a fine reason and its params for whoever words it, the field at fault. Nothing was changed.
 */
export class HqError extends Error {
  override name = 'HqError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: RefusalDetails,
  ) {
    super(message);
  }

  get reason(): string {
    return this.details.reason;
  }

  body() {
    return { error: { code: this.code, reason: this.details.reason, message: this.message, params: this.details.params ?? {}, ...(this.details.field ? { field: this.details.field } : {}) } };
  }
}

/** The first problem zod found, naming its field. */
export function invalidInput(where: 'body' | 'query', error: z.ZodError): HqError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const field = path ? `${path}.${issue.keys[0]!}` : issue.keys[0]!;
    return new HqError(400, 'invalid', `unknown field "${field}" in ${where}`, { reason: 'unknown_field', field, params: { field } });
  }
  const field = path || where;
  return new HqError(400, 'invalid', `${field}: ${issue.message}`, { reason: 'invalid_input', field, params: { field } });
}

/** Parses input with a schema or refuses it, naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const checked = schema.safeParse(value);
  if (!checked.success) throw invalidInput(where, checked.error);
  return checked.data;
}
