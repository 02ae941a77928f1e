import { AppError } from '../errors';

/** A channel declared in the contract whose handler is still being built (on a branch, never on a release). */
export const notBuilt = (): never => {
  throw new AppError('INTERNAL');
};
