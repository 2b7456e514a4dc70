// Sectioned, readable output for the examples: every line is printed and also kept, so tests can
// assert exactly what a user would see.

/** Where an example writes what it shows. */
export interface Output {
  /** Every line written so far, as printed. */
  readonly lines: readonly string[];
  /** Starts a numbered pattern: `== 2. Blocking vs awaiting ==`. */
  heading(title: string): void;
  /** Starts a part of a pattern: `-- WRONG: time.sleep ... --`. */
  section(title: string): void;
  /** One line of output. */
  line(text: string): void;
}

/** An Output that prints each line with `sink` (default `console.log`; `null` prints nothing). */
export function createOutput(sink: ((line: string) => void) | null = (line) => console.log(line)): Output {
  const lines: string[] = [];
  const write = (text: string): void => {
    lines.push(text);
    sink?.(text);
  };
  return {
    lines,
    heading: (title) => {
      write("");
      write(`== ${title} ==`);
    },
    section: (title) => write(`-- ${title}`),
    line: (text) => {
      for (const part of text.split("\n")) write(`   ${part}`);
    },
  };
}
