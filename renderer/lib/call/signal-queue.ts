/**
 * Runs a peer's signalling steps one at a time, in arrival order: an ICE candidate waits for the
 * description before it, and a new offer waits for the last answer to be set. A step that fails
 * is reported and does not stop the ones after it.
 */
export class SignalQueue {
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (err: unknown) => void) {}

  run(step: () => Promise<void> | void): Promise<void> {
    this.#tail = this.#tail.then(step).catch(this.onError);
    return this.#tail;
  }
}
