/** The Deployment controller as pure functions: `syncDeployment(view, now)` and its parts. */
export * from './types.ts';
export * from './util.ts';
export * from './context.ts';
export * from './sync.ts';
export * from './progress.ts';
export * from './rolling.ts';
export * from './recreate.ts';
export * from './rollback.ts';
export * from './controller.ts';
