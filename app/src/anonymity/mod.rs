//! # The anonymity core: how answers are stored and what may be published of them
//!
//! This folder (about 2 800 lines, a quarter of them tests) is what an auditor
//! reads to check invariants A1–A6 of `DESIGN.md`. Nothing outside it writes
//! or reads the `answer_inbox` and `answers` tables, decides which figure may
//! be shown, or reads the thresholds. Its rooms:
//!
//! - storing: [`answer`] (the stored answer's one shape), [`sealed`] (the inbox key), [`writer`] (claim + sealed row in
//!   one transaction), [`store`] (the mover and round close), [`filing`]
//!   (which unit an answer is filed under), [`tally`] (the aggregates a batch
//!   adds to);
//! - publishing: [`thresholds`] (read here only; which threshold each
//!   measure takes, with its floor; a round keeps those it opened with),
//!   [`suppress`] (the rule for one look, A4/A5), [`publish`] (the steps
//!   over time, A6), [`round_tree`] (the tree a round is judged on, whatever
//!   happens to the organisation later), [`shown`] (what earlier looks at a
//!   round or at a quarter's sickness absence showed, kept by later ones),
//!   [`comments`] (the texts, only where their count is published).
//!
//! Outside, and why: the headcount limit on code cards (`services::cards`,
//! A9) is round administration; the report inbox (`services::reports::inbox`)
//! seals reports, not answers; the results pages (`services::results`) only
//! read decisions made here; personal invitations (`services::invitations`)
//! are round administration. Opening a round stays here
//! ([`store::open_round`]): it fixes the filing units and keeps the round's
//! tree. So do the synthetic batches of the demo's past rounds and the
//! benchmarks ([`store::file_synthetic_batches`]), since only the core
//! writes `answers`.
//!
//! **A1 — nothing identifying is stored with an answer.** A stored answer is
//! `(random id, round, filing unit, answers)`. No person, invitation, code,
//! session, address or time: the round is the finest time there is.
//!
//! **A3 — answers are filed under a unit of at least *k* invited people.**
//! [`filing::filing_units`] maps every unit to itself when its invited
//! headcount (its subtree's) reaches *k*, otherwise to its nearest ancestor
//! that does.
//!
//! **A2 — storage cannot link.** Submitting ([`writer`]) marks the invitation
//! used and puts the answer in the *inbox* in one transaction (one per batch
//! of submissions) — so the two rows share a
//! PostgreSQL `xmin` and neighbouring places on disk. That is harmless because
//! the inbox row is *sealed*: encrypted (ChaCha20-Poly1305) with a key derived
//! from the server secret, which never lives in the database. A copy of the
//! database can see that an invitation was used and that *some* sealed answer
//! arrived with it, not what it says or where it is filed. Every sealed row
//! has the same length ([`store::SEALED_PLAINTEXT_BYTES`] of compressed,
//! padded plaintext), so two copies of the database cannot match the one new
//! sealed row with a stored answer of the same size once its batch moves.
//!
//! The mover ([`store::move_ready`]) opens the inbox and writes answers to
//! permanent storage only in batches of at least *k* answers of one
//! (round, filing unit), in shuffled order, with fresh random ids, deleting the
//! sealed rows in the same transaction (several whole batches may share one
//! transaction, which only widens the crowd). Every permanent answer therefore shares
//! its transaction (`xmin`), its neighbourhood on disk and its deletion of
//! sealed rows with at least *k − 1* others: the best anyone with the database
//! can do is tie an invitation to a batch of ≥ *k* answers. Deleted rows are
//! overwritten on SQLite (`PRAGMA secure_delete`); on PostgreSQL dead inbox
//! tuples hold only ciphertext.
//!
//! The same transaction adds the batch's sums to the result aggregates
//! ([`tally`]), so published figures change only in steps of at least
//! *k* answers (A6) and never need the raw answers.
//!
//! When a round closes, groups smaller than *k* are merged into their
//! ancestors' groups ([`store::close_round`]); a remainder that cannot reach
//! *k* even at the top stays sealed and is never published — storing it in the
//! open would tie fewer than *k* people to their answers.
//!
//! **The server secret.** Losing it loses the answers still sealed in the
//! inbox (normally only those since the last batch); permanent answers are
//! unaffected. Rotating it: close or drain the open rounds (so the inbox is
//! empty), then replace the key file.

pub mod answer;
pub mod comments;
pub mod filing;
pub mod publish;
pub mod round_tree;
pub mod sealed;
pub mod shown;
pub mod store;
pub mod suppress;
pub mod tally;
pub mod thresholds;
pub mod writer;
