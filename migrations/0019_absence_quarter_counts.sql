-- A quarter's sickness absence rests on the people of the quarter, not of
-- the day it was entered: `headcount` becomes the fewest people the unit's
-- subtree had on any day of the quarter, and `own_fewest` the fewest of its
-- own group (the subtree less the subtrees of the quarter's other entered
-- units below it), which the group-size rule is decided on. Entries saved
-- before this have no `own_fewest` and stay hidden until entered again.
ALTER TABLE absence ADD COLUMN own_fewest BIGINT;
