package fr.dmp.ingest.classify;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Title cues' normalisation collapses white space as the regex it replaced did (issue 13, round 21). */
class CollapseSpacesTest {

    @Test
    void collapsesAsReplaceAllOfBackslashSPlusDid() {
        // the regex's \s (no Unicode flag), and look-alikes it leaves: no-break space, line separator, next line
        char[] alphabet = {'a', 'É', ' ', ' ', '\t', '\n', 0x0B, '\f', '\r', '\u00A0', '\u2028', '\u0085'};
        Random random = new Random(21);
        for (int k = 0; k < 20_000; k++) {
            char[] cs = new char[random.nextInt(12)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(cs);
            assertThat(TitleCues.collapseSpaces(s)).as(s).isEqualTo(s.replaceAll("\\s+", " "));
        }
        String plain = "COMPTE RENDU OPERATOIRE";
        assertThat(TitleCues.collapseSpaces(plain)).isSameAs(plain);
    }
}
