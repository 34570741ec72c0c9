/**
 * Two git revisions side by side: each resolved (SHA, subject, dirty or
 * not) and checked out into a temporary folder of its own, never touching
 * the user's checkout, and the folders removed afterwards — also after
 * Ctrl-C, and by the next run after a SIGKILL. This is the folder's face to
 * its sibling folders.
 *
 * @module
 */

export {
  type Checkout,
  checkOut,
  type CheckoutOptions,
  removeStaleCheckouts,
  resolveRevision,
  type Revision,
  RevisionError,
} from "./checkout.ts";
