/** The one place Flux imports its glob matcher (`npm:picomatch`, the matcher of chokidar and micromatch). */
// @ts-types="@types/picomatch"
import picomatch from "picomatch";

export { picomatch };
