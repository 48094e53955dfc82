/**
 * Property tests run the same cases on every machine: one fixed seed for every `fc.assert` that
 * does not name its own. A failure seen in CI is then seen again locally with the same command.
 * FC_SEED=<number> explores other cases on purpose (e.g. `FC_SEED=$RANDOM npm test`).
 */
import fc from 'fast-check';

const seedFromEnv = Number(process.env.FC_SEED);
fc.configureGlobal({ seed: Number.isInteger(seedFromEnv) ? seedFromEnv : 20261203 });
