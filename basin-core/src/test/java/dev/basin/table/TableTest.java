package dev.basin.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
    enum Kind { RAW, EMA }

    record Row(long iteration, String label, double value, Double optional, Long exitAt, boolean ok, Kind kind, @Column("t_s") double seconds) {
    }

    static final Table<Row> TABLE = Table.of("rows.csv", Row.class);

    @TempDir
    Path dir;

    @Test
    void rowsRoundTripThroughTheFileWithEveryCellFormat() throws IOException {
        List<Row> rows = List.of(new Row(0, "plain", 1.5, null, null, true, Kind.RAW, 0.25),
                new Row(10, "with, comma and \"quotes\"", Double.NaN, 2.0, 7L, false, Kind.EMA, 1e-9),
                new Row(20, "", Double.POSITIVE_INFINITY, -0.0, 0L, true, Kind.RAW, Double.MIN_VALUE));
        Path f = dir.resolve("rows.csv");
        TABLE.write(f, rows);
        assertThat(TABLE.header()).isEqualTo("iteration,label,value,optional,exit_at,ok,kind,t_s");
        assertThat(Files.readAllLines(f).get(1)).isEqualTo("0,plain,1.5,,,true,raw,0.25");
        assertThat(Files.readAllLines(f).get(2)).startsWith("10,\"with, comma and \"\"quotes\"\"\",,2.0,7,false,ema,");
        List<Row> back = TABLE.read(f);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).isEqualTo(rows.get(0));
        assertThat(back.get(1).label()).isEqualTo(rows.get(1).label());
        assertThat(back.get(1).value()).isNaN();
        assertThat(back.get(2)).isEqualTo(rows.get(2));
        assertThat(TABLE.csv(back)).isEqualTo(Files.readString(f));
    }

    @Test
    void damagedFilesGiveOneLineNamingFileLineAndColumn() throws IOException {
        Path f = dir.resolve("rows.csv");
        Files.writeString(f, "iteration,label\n1,a\n");
        assertThatThrownBy(() -> TABLE.read(f)).isInstanceOf(DataException.class).hasMessageContaining("is not a rows.csv written by this version of Basin");
        Files.writeString(f, TABLE.header() + "\n1,a,2.0,,,true,raw\n");
        assertThatThrownBy(() -> TABLE.read(f)).hasMessageContaining("line 2 has 7 cells, expected 8");
        Files.writeString(f, TABLE.header() + "\n1,a,x,,,true,raw,0\n");
        assertThatThrownBy(() -> TABLE.read(f)).hasMessageContaining("line 2, column value: cannot read 'x' as double");
        Files.writeString(f, TABLE.header() + "\n1,a,1,,,yes,raw,0\n");
        assertThatThrownBy(() -> TABLE.read(f)).hasMessageContaining("column ok");
        Files.writeString(f, "");
        assertThatThrownBy(() -> TABLE.read(f)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TABLE.read(dir.resolve("none.csv"))).hasMessageContaining("not found");
        Files.writeString(f, TABLE.header() + "\n1,\"unterminated,2\n");
        assertThatThrownBy(() -> TABLE.read(f)).isInstanceOf(DataException.class);
    }

    @Test
    void markdownViewsNameTheirColumns() {
        String md = Table.markdown(List.of(new Row(1, "a", 0.5, null, null, true, Kind.RAW, 0)),
                List.of(new Table.MarkdownColumn<>("label", Row::label), new Table.MarkdownColumn<>("value", r -> String.format("%.2f", r.value()))));
        assertThat(md).isEqualTo("| label | value |\n| --- | --- |\n| a | 0.50 |\n");
    }

    record Series(long iteration, @Column(value = "lambda", series = true) double[] lambda, @Column(value = "s", decimals = 3) double seconds) {
    }

    @Test
    void aSeriesComponentBecomesNumberedColumnsReadBackFromTheHeader() throws IOException {
        Table<Series> t = Table.of("sharp.csv", Series.class);
        Path f = dir.resolve("sharp.csv");
        t.write(f, List.of(new Series(0, new double[] {3.5, 1.25, Double.NaN}, 0.12345), new Series(10, new double[] {2, 1, 0.5}, 1)));
        assertThat(Files.readAllLines(f)).containsExactly("iteration,lambda_1,lambda_2,lambda_3,s", "0,3.5,1.25,,0.123", "10,2.0,1.0,0.5,1.000");
        List<Series> back = t.read(f);
        assertThat(back.get(1).lambda()).containsExactly(2, 1, 0.5);
        assertThat(back.get(0).lambda()[2]).isNaN();
        assertThat(t.csv(back)).isEqualTo(Files.readString(f));
        Files.writeString(f, "iteration,lambda_1,lambda_2,s\n0,1,2\n");
        assertThatThrownBy(() -> t.read(f)).hasMessageContaining("line 2 has 3 cells, expected 4");
        Files.writeString(f, "iteration,lambda_1,lambda_x,s\n");
        assertThatThrownBy(() -> t.read(f)).hasMessageContaining("expected 'iteration,lambda_1,s'");
    }

    record Extra(double a, String best) {
    }

    record PerTensor(String tensor, double alpha, Long zero) {
    }

    record Wide(long iteration, @Column(group = true) Extra extra, @Column(perKey = true) List<PerTensor> tensors) {
    }

    @Test
    void groupsAndPerKeyListsFollowTheFileLayout() throws IOException {
        Table<Wide> t = Table.of("wide.csv", Wide.class);
        Table.Layout full = new Table.Layout(0, true, List.of("0.weight", "2.weight"));
        List<Wide> rows = List.of(new Wide(0, new Extra(1.5, "sas"), List.of(new PerTensor("0.weight", 1.2, 3L), new PerTensor("2.weight", 1.4, null))),
                new Wide(10, null, List.of(new PerTensor("0.weight", Double.NaN, 0L), new PerTensor("2.weight", 1.9, 1L))));
        String text = t.csv(rows, full);
        assertThat(text).isEqualTo("iteration,a,best,alpha_0.weight,alpha_2.weight,zero_0.weight,zero_2.weight\n"
                + "0,1.5,sas,1.2,1.4,3,\n10,,,,1.9,0,1\n");
        List<Wide> back = t.parse(text, "wide.csv");
        assertThat(back.get(0)).isEqualTo(rows.get(0));
        assertThat(back.get(1).extra()).as("a row of empty cells is no group").isNull();
        assertThat(back.get(1).tensors().get(1)).isEqualTo(rows.get(1).tensors().get(1));
        assertThat(t.csv(back, full)).isEqualTo(text);
        Table.Layout bare = new Table.Layout(0, false, List.of());
        assertThat(t.csv(rows, bare)).isEqualTo("iteration\n0\n10\n");
        assertThat(t.parse(t.csv(rows, bare), "wide.csv").get(0).tensors()).isEmpty();
        assertThatThrownBy(() -> t.parse("iteration,a,best,alpha_0.weight,zero_x\n", "wide.csv")).isInstanceOf(DataException.class)
                .hasMessageContaining("is not a wide.csv");
        assertThatThrownBy(() -> t.parse("iteration,alpha_0.weight,zero_0.weight\n1,x,2\n", "wide.csv"))
                .hasMessageContaining("line 2, column alpha_0.weight: cannot read 'x' as double");
    }

    record Numbers(long iteration, int count, double x, Double y, float f, String label, @Column(value = "v", series = true) double[] v) {
    }

    /** The comma-split path (quote-free text) against Jackson's parser (the same text with CRLF line ends) and Double.parseDouble. */
    @Test
    void thePlainPathReadsWhatJacksonsParserReads() {
        Table<Numbers> t = Table.of("numbers.csv", Numbers.class);
        org.apache.commons.rng.UniformRandomProvider rng = org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        StringBuilder sb = new StringBuilder("iteration,count,x,y,f,label,v_1,v_2\n");
        List<Double> xs = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double x = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(rng.nextLong());
                case 1 -> rng.nextDouble() * Math.pow(10, rng.nextInt(40) - 20);
                case 2 -> Math.round(rng.nextDouble() * 1e6) / 1e6;
                default -> (i % 8 == 3) ? Double.NEGATIVE_INFINITY : -0.0;
            };
            String xt = Double.isNaN(x) ? "NaN" : Double.toString(x);
            xs.add(x);
            sb.append(rng.nextLong() >> rng.nextInt(64)).append(',').append(rng.nextInt()).append(',').append(xt).append(',')
                    .append(i % 3 == 0 ? "" : Double.toString(rng.nextDouble() - 0.5)).append(',').append(rng.nextFloat()).append(",α").append(i)
                    .append(',').append(i % 5 == 0 ? "" : "1e-3").append(",Infinity\n");
        }
        String text = sb.toString();
        List<Numbers> plain = t.parse(text, "numbers.csv");
        List<Numbers> jackson = t.parse(text.replace("\n", "\r\n"), "numbers.csv");
        assertThat(plain).hasSize(3000).hasSameSizeAs(jackson);
        for (int i = 0; i < plain.size(); i++) {
            Numbers a = plain.get(i);
            Numbers b = jackson.get(i);
            assertThat(a.iteration()).isEqualTo(b.iteration());
            assertThat(a.count()).isEqualTo(b.count());
            assertThat(Double.doubleToLongBits(a.x())).as("row %d", i).isEqualTo(Double.doubleToLongBits(b.x()))
                    .isEqualTo(Double.doubleToLongBits(Double.isNaN(xs.get(i)) ? Double.NaN : Double.parseDouble(Double.toString(xs.get(i)))));
            assertThat(a.y()).isEqualTo(b.y());
            assertThat(a.f()).isEqualTo(b.f());
            assertThat(a.label()).isEqualTo(b.label()).isEqualTo("α" + i);
            assertThat(a.v()).containsExactly(b.v());
        }
        assertThatThrownBy(() -> t.parse("iteration,count,x,y,f,label,v_1\n1,99999999999,0,,0,a,0\n", "numbers.csv"))
                .hasMessageContaining("line 2, column count: cannot read '99999999999' as int");
        assertThatThrownBy(() -> t.parse("iteration,count,x,y,f,label,v_1\n1-2,1,0,,0,a,0\n", "numbers.csv"))
                .hasMessageContaining("column iteration: cannot read '1-2' as long");
    }
}
