// Public API of the diff engine: two renders in, a report out, as markdown or JSON.
export { diffRenders, type RenderedSide } from './diff-renders.js';
export { renderAffectedMarkdown, renderMarkdown } from './markdown.js';
export type { AttributeChange, DiffReport, FieldChange, Highlight, ObjectRef, ResourceChange, ResourceDiff, SubjectChange } from './model.js';
