"""Proving the ledger was not altered (防篡改).

- ``verify_ledger(app, views=None, checkpoints=())`` recomputes the hash chain from the stored
  events and compares it with the audit view's stored links and the checkpoints; the answer
  (``Verification``) names the first position where anything was altered, deleted, inserted or
  reordered (``verify.py``; the two sides are read in pages by ``links.py``).
- ``proof.prove``: a verification against a file or folder of checkpoints and trusted public keys,
  and what it proved (``verified``, ``altered``, ``consistent``, ``untrusted``) with the command
  line's exit status (``proof.py``).
- ``sign`` / ``read_checkpoint`` / ``Checkpoint.check_signature``: checkpoints signed with the
  checkpointer's Ed25519 key, kept outside the database (``checkpoint.py``), as files in a folder
  (``folder.py``), signed once or on a schedule (``signer.py``).
- ``history_with_evidence`` / ``service_record_with_evidence``: exports with the hashes of their
  evidence events (``evidence.py``).
"""

from ledger.integrity.checkpoint import Checkpoint, CheckpointError, read_checkpoint, sign
from ledger.integrity.verify import Finding, Verification, verify_chain, verify_ledger

__all__ = ["Checkpoint", "CheckpointError", "Finding", "Verification", "read_checkpoint", "sign", "verify_chain",
           "verify_ledger"]
