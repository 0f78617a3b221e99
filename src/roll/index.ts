export { parseCsvMapping } from './formats/csv-mapping.ts';
export { LayoutError } from './formats/format.ts';
export { IMPORT_FORMATS, STATE_FORMATS, stateFormat, stateFormatsMarkdown } from './formats/index.ts';
export { LAYOUT_2026 } from './formats/ncvoter.ts';
export { type ImportProgress, type ImportSummary, importRoll } from './import.ts';
export { createRollRepository, liveRollSchema } from './repository.ts';
export { ImportRefused, listSnapshots, ROLL_LIVE_CHANNEL, rollbackState } from './snapshots.ts';
