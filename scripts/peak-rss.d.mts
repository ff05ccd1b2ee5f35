/** The peak RSS of this process since it started its program (threads included), in MB. */
export function peakRssMb(): number;
