/** Pure domain core of school admission (tuyển sinh đầu cấp): lottery, school orders, assignment, round simulation. */
export * from './lottery';
export * from './priority';
export * from './deferred-acceptance';
export * from './reference-da';
export * from './simulate';
export * from './catchment';
