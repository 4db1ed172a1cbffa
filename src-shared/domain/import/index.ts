// The Excel import's pure core (issue 10): from a grid of cells to what to create, merge or skip.
export * from './cell';
export * from './limits';
export * from './header-text';
export * from './mapping';
export * from './header-row';
export * from './sheet';
export * from './excel-date';
export * from './name-case';
export * from './language';
export * from './typed-phone';
export * from './clean-row';
export * from './create-input';
export * from './sheet-stream';
export * from './read-sheet';
export * from './duplicate-groups';
export * from './choices';
export * from './summary';
