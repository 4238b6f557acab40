package dev.basin.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.BatchSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

public class SpecsTest {
    /** A small valid train spec, shared with the hostile-input tests that mutate it. */
    public static final String TRAIN = """
            spec_version: 1
            protocol: train
            data:
              dataset: synthetic
            optimizer:
              name: adam
              lr: 1e-3
            training:
              iterations: 20
              order: fixed
            alpha:
              schedule: at:0,20
            """;

    private static ExperimentSpec parse(String yaml, String... sets) {
        return Specs.parse(yaml, "spec.yaml", List.of(sets)).spec();
    }

    @Test
    void yamlAndJsonGiveTheSameResolvedSpec() {
        TrainSpec t = (TrainSpec) parse(TRAIN);
        assertThat(t.optimizer().lr()).isEqualTo(1e-3);
        assertThat(t.optimizer().beta2()).as("defaults filled in").isEqualTo(0.999);
        assertThat(t.optimizer().momentum()).as("keys that do not apply stay absent").isNull();
        assertThat(t.training().order()).isEqualTo(BatchSampler.Order.FIXED);
        assertThat(t.training().batch()).isEqualTo(100);
        assertThat(t.alpha().sets()).isEqualTo("both");
        assertThat(t.model().depth()).isEqualTo(3);
        String json = Specs.toJson(t);
        assertThat(Specs.parse(json, "spec.json", List.of()).spec()).isEqualTo(t);
        assertThat(parse(Specs.toYaml(t))).isEqualTo(t);
        assertThat(Specs.toJson((ExperimentSpec) Specs.parse(json, "spec.json", List.of()).spec())).as("written again, byte-identical").isEqualTo(json);
        assertThat(json).startsWith("{\n  \"spec_version\" : 1,\n  \"protocol\" : \"train\",");
    }

    @Test
    void setChangesKeysByPathWithTypedValues() {
        TrainSpec t = (TrainSpec) parse(TRAIN, "optimizer.lr=0.01", "training.seed=7", "model.bias=true", "schedule.kind=multistep",
                "schedule.milestones=[5, 10]", "sharpness.schedule=10");
        assertThat(t.optimizer().lr()).isEqualTo(0.01);
        assertThat(t.training().seed()).isEqualTo(7);
        assertThat(t.model().bias()).isTrue();
        assertThat(t.schedule().milestones()).containsExactly(5L, 10L);
        assertThat(t.sharpness().samples()).isEqualTo(1000);
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.lr")).hasMessageContaining("--set takes KEY.PATH=VALUE");
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.lr.x=1")).hasMessageContaining("optimizer.lr is not an object");
    }

    @Test
    void unknownKeysWrongTypesAndImpossibleValuesNameTheKeyPath() {
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.learning_rate=0.1"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("spec.yaml: optimizer.learning_rate: unknown key")
                .hasMessageContaining("known keys here: beta1, beta2, dampening, eps, lr, momentum, name, nesterov, weight_decay");
        assertThatThrownBy(() -> parse(TRAIN, "training.batch='100'")).hasMessage("spec.yaml: training.batch: expected a whole number, got '100'");
        assertThatThrownBy(() -> parse(TRAIN, "training.batch=1.5")).hasMessageStartingWith("spec.yaml: training.batch: expected a whole number");
        assertThatThrownBy(() -> parse(TRAIN, "model.bias=1")).hasMessageStartingWith("spec.yaml: model.bias: expected true or false");
        assertThatThrownBy(() -> parse(TRAIN, "training.order=random")).hasMessageStartingWith("spec.yaml: training.order: expected one of shuffle, fixed");
        assertThatThrownBy(() -> parse(TRAIN, "training.batch=0")).hasMessage("spec.yaml: training: batch must be >= 1, got 0");
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.lr=-1")).hasMessage("spec.yaml: optimizer: lr must be a finite number > 0, got -1.0");
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.momentum=0.9"))
                .hasMessage("spec.yaml: optimizer: momentum does not apply to optimizer 'adam' (only to sgdm)");
        assertThatThrownBy(() -> parse(TRAIN, "optimizer.name=lion")).hasMessageContaining("optimizer: unknown optimizer 'lion'; choose one of [sgd, sgdm");
        assertThatThrownBy(() -> parse(TRAIN, "alpha.schedule=50:x")).hasMessageContaining("alpha: schedule: cannot read iteration schedule '50:x'");
        assertThatThrownBy(() -> parse(TRAIN, "data.dataset=imagenet")).hasMessageContaining("data: dataset: unknown data set 'imagenet'");
        assertThatThrownBy(() -> parse(TRAIN, "protocol=trian")).hasMessageContaining("unknown protocol 'trian'; choose one of train, zhou2020");
        assertThatThrownBy(() -> parse("data: {dataset: synthetic}\n")).hasMessageContaining("no 'protocol' key; choose one of train");
        assertThatThrownBy(() -> parse(TRAIN, "frobnicate=1")).hasMessageStartingWith("spec.yaml: frobnicate: unknown key");
    }

    @Test
    void versionsAndSyntaxAreChecked() {
        assertThatThrownBy(() -> parse(TRAIN.replace("spec_version: 1", "spec_version: 2")))
                .hasMessage("spec.yaml: spec_version 2 is newer than this Basin understands (1); upgrade Basin to run it");
        assertThatThrownBy(() -> parse(TRAIN.replace("spec_version: 1", "spec_version: one")))
                .hasMessageContaining("spec_version must be a whole number >= 1");
        assertThat(parse(TRAIN.replace("spec_version: 1\n", ""))).as("spec_version may be left out").isInstanceOf(TrainSpec.class);
        assertThatThrownBy(() -> parse("protocol: train\ndata: [1, 2\n")).hasMessageStartingWith("spec.yaml is not valid YAML");
        assertThatThrownBy(() -> Specs.parse("{\"protocol\": \"train\",", "x.json", List.of())).hasMessageStartingWith("x.json is not valid JSON");
        assertThatThrownBy(() -> parse("- 1\n- 2\n")).hasMessageContaining("holds no spec");
        assertThatThrownBy(() -> Specs.read(java.nio.file.Path.of("no-such-spec.yaml"), List.of())).hasMessageContaining("not found");
    }

    @Test
    void zhou2020DefaultsFollowTheScaleAndArmsCarryTheirOptions() {
        Zhou2020Spec q = (Zhou2020Spec) parse("protocol: zhou2020\n");
        assertThat(q.scale()).isEqualTo("quick");
        assertThat(q.depth()).isEqualTo(5);
        assertThat(q.arms()).extracting(OptimizerSpec::name).containsExactly("sgd", "sgdm", "adam");
        assertThat(q.arms().get(1).momentum()).isEqualTo(0.9);
        Zhou2020Spec full = (Zhou2020Spec) parse("protocol: zhou2020\ndata: {dataset: cifar10}\narms: [{name: sgd, lr: 0.1}, {name: adam, beta2: 0.99}]\n");
        assertThat(full.scale()).isEqualTo("full");
        assertThat(full.depth()).isEqualTo(7);
        assertThat(full.iterations()).isEqualTo(100_000);
        assertThat(full.arms().get(1).lr()).isEqualTo(1e-3);
        assertThat(full.arms().get(1).beta2()).isEqualTo(0.99);
        assertThatThrownBy(() -> parse("protocol: zhou2020\narms: [{name: sgd, momentum: 0.9}]\n"))
                .hasMessageContaining("arms[0]: momentum does not apply to optimizer 'sgd'");
        assertThatThrownBy(() -> parse("protocol: zhou2020\narms: []\n")).hasMessageContaining("arms: give at least one optimizer");
    }

    @Test
    void oldAndDamagedConfigsAreDataErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path f = dir.resolve("config.json");
        java.nio.file.Files.writeString(f, "{\"basin_version\": \"0.1.0\", \"command\": \"train\"}");
        assertThatThrownBy(() -> Specs.readRun(f)).isInstanceOf(dev.basin.data.DataException.class).hasMessageContaining("from before specs");
        java.nio.file.Files.writeString(f, "{\"spec_version\": 1,");
        assertThatThrownBy(() -> Specs.readRun(f)).isInstanceOf(dev.basin.data.DataException.class).hasMessageContaining("is not valid JSON").hasMessageContaining("damaged");
        java.nio.file.Files.writeString(f, Specs.toJson(parse(TRAIN)).replace("\"iterations\" : 20", "\"iterations\" : -2"));
        assertThatThrownBy(() -> Specs.readRun(f)).isInstanceOf(dev.basin.data.DataException.class)
                .hasMessageContaining("training: iterations must be >= 0, got -2");
        assertThatThrownBy(() -> Specs.readRun(dir.resolve("none.json"))).isInstanceOf(dev.basin.data.DataException.class).hasMessageContaining("not found");
    }
}
