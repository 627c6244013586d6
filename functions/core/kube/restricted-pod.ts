// The security settings of the pods ContextCore renders (the PostSync hook's Job, the gate's
// Pod): the Kubernetes "restricted" Pod Security profile, as the image's non-root user.

import { HOOK_JOB } from '../conventions/index.js';

export const restrictedPodSecurity = () => ({
  runAsNonRoot: true,
  runAsUser: HOOK_JOB.runAsUser,
  runAsGroup: HOOK_JOB.runAsUser,
  seccompProfile: { type: 'RuntimeDefault' },
});

export const restrictedContainerSecurity = () => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

export const hookResources = () => ({ requests: { ...HOOK_JOB.resources.requests }, limits: { ...HOOK_JOB.resources.limits } });
