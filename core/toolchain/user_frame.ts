/**
 * Which frames of a traceback or stack are the user's own: never an installed package (site-packages,
 * dist-packages, node_modules, a virtualenv) nor the runtime's internals (`<frozen ...>`, `node:`).
 */

const DEPENDENCY =
  /(^|\/)(site-packages|dist-packages|node_modules|\.venv|venv|\.tox|\.nox|__pypackages__)(\/|$)|^<|^node:|^internal\//;

/** True when `path` (relative or absolute) lies in an installed package or the runtime itself. */
export function isDependencyPath(path: string): boolean {
  return DEPENDENCY.test(path);
}
