// The embedded simulator of HSS, SWR and ACR (see README.md).
export { startSimulator, DEFAULT_SIM_SEED } from './server';
export type {
  SimulatorOptions,
  RunningSimulator,
  SimulatorControl,
  SimulatorStats,
} from './server';
export { generateEstate, applyDrift, basicImagesOf, compareIds } from './estate';
export type {
  Estate,
  GenerateEstateOptions,
  RegistryImageRecord,
  CicdImageRecord,
  BasicImageRecord,
  SwrRepositoryRecord,
  AcrRepositoryRecord,
  AcrTagRecord,
} from './estate';
export { parseFaults, FAULT_KINDS } from './faults';
export type { FaultKind } from './faults';
export { DEMO_HUAWEI, DEMO_ALIBABA } from './demo-keys';
