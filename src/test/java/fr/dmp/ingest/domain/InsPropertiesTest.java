package fr.dmp.ingest.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the INS control key (ins.md: key = 97 - (N mod 97), 2A read as 19 and 2B as 18), over
 * numbers jqwik draws, metropolitan and Corsican: the computed key validates, and the key catches any
 * single-character error and any swap of two adjacent different digits.
 */
class InsPropertiesTest {

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> head = Arbitraries.strings().numeric().ofLength(5);
        Arbitrary<String> dept = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.strings().numeric().ofLength(2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("2A", "2B")));
        Arbitrary<String> tail = Arbitraries.strings().numeric().ofLength(6);
        return Combinators.combine(head, dept, tail).as((h, d, t) -> h + d + t);
    }

    private static String withKey(String number13) {
        return number13 + String.format("%02d", Ins.controlKey(number13));
    }

    @Property
    void theComputedKeyMakesAValidInsAndTheKeyIsBetween1And97(@ForAll("numbers") String number) {
        int key = Ins.controlKey(number);
        assertThat(key).isBetween(1, 97);
        assertThat(Ins.isValid(withKey(number))).isTrue();
        assertThat(Ins.of(withKey(number), InsOid.NIR).matricule()).isEqualTo(withKey(number));
    }

    @Property
    void anySingleCharacterChangeIsRefused(@ForAll("numbers") String number, @ForAll @IntRange(max = 14) int position,
                                           @ForAll @IntRange(min = 1, max = 9) int shift) {
        String valid = withKey(number);
        char c = valid.charAt(position);
        if (!Character.isDigit(c)) {
            c = c == 'A' ? 'B' : 'A'; // 2A <-> 2B is a change too
        } else {
            c = (char) ('0' + (c - '0' + shift) % 10);
        }
        String changed = valid.substring(0, position) + c + valid.substring(position + 1);
        assertThat(Ins.isValid(changed)).as("position %d", position).isFalse();
    }

    @Property
    void swappingTwoAdjacentDifferentDigitsOfTheNumberIsRefused(@ForAll("numbers") String number,
                                                                 @ForAll @IntRange(max = 11) int position) {
        String valid = withKey(number);
        char a = valid.charAt(position);
        char b = valid.charAt(position + 1);
        // 97 is prime and divides neither 9·10^k nor a digit difference: every such swap changes N mod 97
        if (a == b || !Character.isDigit(a) || !Character.isDigit(b) || position == 4 || position == 6) {
            return; // the Corsican letters and their boundaries read as other digits
        }
        String swapped = valid.substring(0, position) + b + a + valid.substring(position + 2);
        assertThat(Ins.isValid(swapped)).isFalse();
    }

    @Property
    void theMaskKeepsOnlyTheLastFourCharacters(@ForAll("numbers") String number) {
        String valid = withKey(number);
        String masked = Ins.mask(valid);
        assertThat(masked).hasSize(15).endsWith(valid.substring(11)).startsWith("*".repeat(11));
    }
}
