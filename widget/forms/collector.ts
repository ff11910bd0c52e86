/**
 * The collector's origin: the one that served this chunk. The loader imports the chunk from
 * beside w.js, and the collector that serves w.js also takes the posts.
 */
export const collectorOrigin = new URL(import.meta.url).origin;
