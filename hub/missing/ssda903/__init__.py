"""The DfE SSDA903 (children looked after) files: import of header, episodes and missing data, and
export of the same three files for a collection year.

Layouts (``domain.md``): header ``CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB``; episodes
``CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN``;
missing ``CHILD,DOB,MISSING,MIS_START,MIS_END``. Dates are dd/mm/YYYY. The collection year YYYY runs
from 1 April YYYY-1 to 31 March YYYY.

Import (security.md items 21-22): every row is checked on its own; a bad row is reported with its
file, row (the line in the file, the column names being line 1), column and reason, and the good rows
land. Rows in = rows imported + rows rejected. A file missing a column is refused whole. Each file's
good rows are written in one transaction, so a crash leaves no half file. Importing the same files
again changes nothing: children are matched on CHILD, looked-after periods on child and DECOM, missing
episodes on child and MIS_START.

SSDA903 has dates only: a missing episode starts (and ends) at 09:00 UK time on its date. Each
episode becomes a looked-after legal-status period with its codes (RNE, LS, CIN, PLACE...) in a
``CareEpisode``, and a placement address period with the placement postcode.

Every write goes through the services a worker's entry goes through (``children.services``,
``missing.services.episode_record_past``), as of the record's own dates (``clock.history``, with the
file's reason and the importer in the change history): each missing episode gets its risk-grade
history ("not graded": SSDA903 has no police risk grade) and the repeat-missing check as of its start.
An alert whose window had closed before the import is historic: in the child's chronology, not on
the hub's queue. Imported returns start no return interview clocks (the file holds no notification).
"""
