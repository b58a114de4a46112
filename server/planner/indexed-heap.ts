/**
 * Sift operations of a binary min-heap of node ids keyed by `dist`, with `pos[node]` its slot (−1 when absent).
 * Shared by the one-to-all Dijkstra and the closure repair, which keep their heaps in preallocated typed arrays
 * so that thousands of searches allocate nothing.
 */

/** Moves the node at slot `i` up to its place. */
export function siftUp(heap: Int32Array, pos: Int32Array, dist: Float64Array, i: number): void {
  const node = heap[i];
  const d = dist[node];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent];
    if (dist[p] <= d) break;
    heap[i] = p;
    pos[p] = i;
    i = parent;
  }
  heap[i] = node;
  pos[node] = i;
}

/** Moves the node at slot `i` down to its place in a heap of `size` nodes. */
export function siftDown(heap: Int32Array, pos: Int32Array, dist: Float64Array, i: number, size: number): void {
  const node = heap[i];
  const d = dist[node];
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && dist[heap[child + 1]] < dist[heap[child]]) child++;
    if (dist[heap[child]] >= d) break;
    heap[i] = heap[child];
    pos[heap[i]] = i;
    i = child;
  }
  heap[i] = node;
  pos[node] = i;
}

/** After the root was taken and `size` decremented: the last node fills the root's slot and sifts down. */
export function refillRoot(heap: Int32Array, pos: Int32Array, dist: Float64Array, size: number): void {
  if (size === 0) return;
  heap[0] = heap[size];
  pos[heap[0]] = 0;
  siftDown(heap, pos, dist, 0, size);
}
