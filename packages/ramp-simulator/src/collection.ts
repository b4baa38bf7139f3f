// An ordered store of wire objects. Order is creation order and never changes, which is what makes the
// `start=<id of last item>` cursor stable; the sequence number of a deleted object is kept so a cursor that
// points at it still works.
export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  private readonly sequence = new Map<string, number>();
  private nextSequence = 0;

  add(item: T): T {
    if (this.sequence.has(item.id)) throw new Error(`duplicate id ${item.id}`);
    this.items.set(item.id, item);
    this.sequence.set(item.id, this.nextSequence++);
    return item;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** Live objects in creation order. */
  values(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Creation sequence of any id ever added (deleted ones included), for cursors. */
  sequenceOf(id: string): number | undefined {
    return this.sequence.get(id);
  }

  clear(): void {
    this.items.clear();
    this.sequence.clear();
    this.nextSequence = 0;
  }
}
