/** The claim vocabulary the claims repository stores and the API and the dashboard show. Types only, no imports. */

export type ClaimStatus = 'active' | 'completed' | 'released' | 'expired';

/** One step of a claim's life (`expired` comes from the clock, the others are recorded). */
export type ClaimEventKind = 'claimed' | 'renewed' | 'released' | 'completed' | 'reassigned' | 'expired';
