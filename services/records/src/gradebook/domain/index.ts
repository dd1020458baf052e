// The pure grading rules of the records service (sổ điểm điện tử): no Nest, no database.
export * from './problems';
export * from './score';
export * from './rational';
export * from './level-rules';
export * from './secondary';
export * from './primary';
export * from './validate';
