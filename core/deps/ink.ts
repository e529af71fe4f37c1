/** The one place Flux imports its terminal UI libraries (`npm:ink`, `npm:react`). */
export { Box, render, Static, Text, useApp, useInput, useStdout } from "ink";
export type { Instance, Key } from "ink";
import * as React from "react";
export { React };
export { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
