/** The pure domain core of the KPI aggregator: formulas, catalogue, periods, roll-up, status. */
export * from './rational';
export * from './formula';
export * from './periods';
export * from './catalogue/catalogue';
export * from './rollup';
export * from './status';
