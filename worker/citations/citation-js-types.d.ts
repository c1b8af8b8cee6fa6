// The small part of citation-js's untyped API this project uses.
declare module "@citation-js/core" {
  export type CslItem = Record<string, unknown> & { id?: string; type?: string; title?: string };
  export const plugins: {
    input: {
      chain(input: unknown, options: { forceType?: string; generateGraph?: boolean }): CslItem[];
    };
    output: {
      format(name: string, data: CslItem[], options?: Record<string, unknown>): string;
    };
    config: { get(name: string): any };
  };
}
declare module "@citation-js/plugin-bibtex";
declare module "@citation-js/plugin-csl";
declare module "@citation-js/plugin-ris";
