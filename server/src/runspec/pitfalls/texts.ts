/** Sentences several pitfalls' docs share. */
export const V2_UNVERIFIED =
  'the cgroup v2 behaviour is documented (design.md §1) and not verified by this project, whose test host runs ' +
  'cgroup v1 (docs/verified-behaviour.md, environment)';
