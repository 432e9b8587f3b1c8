/** What running a story produced, for the report. */

export interface StoryFailure {
  /** Where it failed: `step 3`, `step 5 (ana)`, `expect appointments`. */
  where: string;
  /** What that step sent, e.g. `user: "si"`. */
  sent?: string;
  problems: string[];
  /** The replies that step got, one per reply (with its buttons). */
  replies?: string[];
}

export interface StoryResult {
  file: string;
  story: string;
  tenant: string;
  /** Steps in the story, and how many ran before it stopped. */
  steps: number;
  stepsRun: number;
  failure?: StoryFailure;
}
