/** An error boundary per panel: a panel that throws while drawing shows one line instead of ending the TUI. */
import { React, Text } from "../deps/ink.ts";

/** Props of {@linkcode PanelBoundary}. */
export interface PanelBoundaryProps {
  name: string;
  children?: React.ReactNode;
}

interface PanelBoundaryState {
  error?: string;
}

/** Catches render errors of its children and shows them in place. */
export class PanelBoundary extends React.Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = {};

  static getDerivedStateFromError(error: unknown): PanelBoundaryState {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidUpdate(previous: PanelBoundaryProps): void {
    // A new render of the parent gives the panel another chance.
    if (this.state.error !== undefined && previous.children !== this.props.children) {
      this.setState({});
    }
  }

  override render(): React.ReactNode {
    if (this.state.error !== undefined) {
      return <Text>{`⚠️  The ${this.props.name} panel failed: ${this.state.error}`}</Text>;
    }
    return this.props.children;
  }
}
