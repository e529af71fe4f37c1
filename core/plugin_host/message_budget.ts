/** A per-second message budget: a plugin that sends more than its budget in a second is stopped. */
export class MessageBudget {
  #windowStart = 0;
  #count = 0;

  constructor(readonly perSecond: number) {}

  /** Counts one message at `now`; false once the budget of the current second is exceeded. */
  take(now: number): boolean {
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#count = 0;
    }
    return ++this.#count <= this.perSecond;
  }
}
