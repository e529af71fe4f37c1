/** The one place Flux imports its terminal UI test helper (`npm:ink-testing-library`), for tests only. */
export { render } from "ink-testing-library";
