/** Epoch milliseconds (the contract's times) to and from timestamptz, in SQL text. */
export const msToTime = (ms: string): string => `(timestamptz 'epoch' + ${ms}::float8 * interval '1 millisecond')`;
export const timeToMs = (time: string): string => `(extract(epoch FROM ${time}) * 1000)::bigint`;
