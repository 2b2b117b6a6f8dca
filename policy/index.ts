export * from './types';
export * from './rules';
export * from './exemptions';
export * from './check';
