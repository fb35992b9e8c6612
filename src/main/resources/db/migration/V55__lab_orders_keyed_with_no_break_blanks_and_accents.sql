-- As V52, with the no-break blanks (U+00A0, U+2007, U+202F) among the blanks and the French accented letters put in
-- capitals (store/DocumentIds.sender, the same lists): "LAB75<no-break space>LABORATOIRE" and "LAB75 LABORATOIRE", or
-- "Labo de l'Hôpital" and "LABO DE L'HÔPITAL", had two current versions of one report (round 35, an attacker). An order
-- whose new key another order stored before also gets keeps its key, as in V52.
WITH keys AS (
    SELECT raw, substr(raw, 11) AS rest FROM (SELECT DISTINCT lab_order AS raw FROM dmp.document
                                              WHERE lab_order LIKE 'hl7-order:%') o
), parts AS (
    SELECT raw, split_part(rest, '|', 1) AS facility, split_part(rest, '|', 2) AS app,
           substr(rest, length(split_part(rest, '|', 1)) + length(split_part(rest, '|', 2)) + 3) AS orderpart
    FROM keys
), normal AS (
    SELECT raw, 'hl7-order:'
        || translate(btrim(regexp_replace(facility, '[ \t\n\r\f\v   ]+', ' ', 'g'), ' '),
                     'abcdefghijklmnopqrstuvwxyzàâäáãåçéèêëíìîïñóòôöõúùûüýÿæœ', 'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸÆŒ') || '|'
        || translate(btrim(regexp_replace(app, '[ \t\n\r\f\v   ]+', ' ', 'g'), ' '),
                     'abcdefghijklmnopqrstuvwxyzàâäáãåçéèêëíìîïñóòôöõúùûüýÿæœ', 'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸÆŒ') || '|' || orderpart AS key
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
