package fr.dmp.ingest.classify;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model file read in place (round 22): cells in any order, empty cells, and what is not a model refused. */
class TypeModelFileTest {

    private static final String HEAD = "#classes\tA\tB\tC\n#bias\t0.10000\t-0.20000\t0.30000\n#temperature\t0.5512\n#features\t3\n";

    @Test
    void aRowWrittenOutOfTheClassesOrderReadsAsTheSameRowInOrder() throws IOException {
        String inOrder = HEAD + "alpha\t1.50000\tA=0.2941\tC=-0.0510\n"
                + "c:beta\t9.43127\tB=1.2500\n"
                + "t:gamma\t2.00000\n";
        String shuffled = HEAD + "alpha\t1.50000\tC=-0.0510\tA=0.2941\n"
                + "c:beta\t9.43127\t\tB=1.2500\t\n"
                + "t:gamma\t2.00000\n";
        assertThat(written(shuffled)).isEqualTo(written(inOrder));
        assertThat(written(inOrder)).contains("alpha\t1.50000\tA=0.2941\tC=-0.0510\n", "c:beta\t9.43127\tB=1.2500\n",
                "t:gamma\t2.00000\n");
    }

    @Test
    void aClassNamedByAnotherClassesPrefixIsTheOneWritten() throws IOException {
        String head = "#classes\tAB\tA\tABC\n#bias\t0\t0\t0\n#features\t1\n";
        assertThat(written(head + "f\t1.00000\tA=0.5000\tABC=0.2500\n"))
                .contains("f\t1.00000\tA=0.5000\tABC=0.2500\n");
    }

    @Test
    void aWeightOfAClassNotInTheHeaderOrWithoutItsClassIsRefused() {
        assertThatThrownBy(() -> written(HEAD + "alpha\t1.50000\tD=0.2941\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("not in #classes");
        assertThatThrownBy(() -> written(HEAD + "alpha\t1.50000\t0.2941\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("without its class");
        assertThatThrownBy(() -> written(HEAD + "alpha\n")).isInstanceOf(IOException.class).hasMessageContaining("no idf");
    }

    private static String written(String model) throws IOException {
        TypeModel m = TypeModel.read(new BufferedReader(new StringReader(model)));
        StringWriter out = new StringWriter();
        m.write(out);
        return out.toString();
    }
}
