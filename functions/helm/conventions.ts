// Helm charts as apps: the helm a chart is templated with and how, and what makes a directory a chart.

/** The helm a chart is templated with (a path or a command on PATH; default `helm`). */
export const HELM_COMMAND_ENV = 'CONTEXTCORE_HELM';
/** "true": `helm dependency build` fetches over plain HTTP (an OCI registry without TLS), as Argo CD's insecureOCIForceHttp. */
export const HELM_PLAIN_HTTP_ENV = 'CONTEXTCORE_HELM_PLAIN_HTTP';
/** The file that makes a directory a Helm chart (Argo CD's discovery looks for it). */
export const CHART_FILE = 'Chart.yaml';
