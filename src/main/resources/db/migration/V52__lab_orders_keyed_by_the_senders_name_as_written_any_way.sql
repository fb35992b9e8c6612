-- A lab order's key (dmp.document.lab_order, and the set ids built on it) holds its sender's facility and application
-- names: a laboratory whose software wrote its name in capitals one day and not the next, or its code padded to ten
-- columns, had two current versions of one report and its corrections refused (round 35, a tester). The job now keys
-- them with blanks collapsed and ASCII letters in capitals (store/DocumentIds.sender); the orders stored before are keyed
-- the same way here, except an order whose new key another order stored before also gets (both keep theirs: the unique
-- current version of a set must hold, and which one is the other's version is for a person to say).
WITH keys AS (
    SELECT raw, substr(raw, 11) AS rest FROM (SELECT DISTINCT lab_order AS raw FROM dmp.document
                                              WHERE lab_order LIKE 'hl7-order:%') o
), parts AS (
    SELECT raw, split_part(rest, '|', 1) AS facility, split_part(rest, '|', 2) AS app,
           substr(rest, length(split_part(rest, '|', 1)) + length(split_part(rest, '|', 2)) + 3) AS orderpart
    FROM keys
), normal AS (
    SELECT raw, 'hl7-order:'
        || translate(btrim(regexp_replace(facility, '[ \t\n\r\f\v]+', ' ', 'g'), ' '),
                     'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') || '|'
        || translate(btrim(regexp_replace(app, '[ \t\n\r\f\v]+', ' ', 'g'), ' '),
                     'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') || '|' || orderpart AS key
    FROM parts
), renamed AS (
    SELECT n.raw, n.key FROM normal n
    WHERE n.key <> n.raw AND NOT EXISTS (SELECT 1 FROM normal m WHERE m.key = n.key AND m.raw <> n.raw)
)
UPDATE dmp.document d
SET lab_order = r.key,
    set_id = CASE WHEN d.set_id = r.raw THEN r.key
                  WHEN starts_with(d.set_id, r.raw || '|tests:') THEN r.key || substr(d.set_id, length(r.raw) + 1)
                  ELSE d.set_id END
FROM renamed r
WHERE d.lab_order = r.raw;
