package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The door reads a complete or submit-form body as the engine would, and leaves what the engine could not read to it. */
class TaskFormDoorVariablesTest {

    private final TaskFormDoor door = new TaskFormDoor(null, null, null, null, null, new ObjectMapper());

    private Map<String, Object> read(String body) {
        return door.submittedVariables(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesAsTheEngineTypesThem() {
        Map<String, Object> vars = read("{\"variables\":{\"a\":{\"value\":5,\"type\":\"Integer\"},\"b\":{\"value\":2.5,\"type\":\"Double\"},"
                + "\"c\":{\"value\":\"7\",\"type\":\"String\"},\"d\":{\"value\":true,\"type\":\"Boolean\"},\"e\":{\"type\":\"Null\"},"
                + "\"f\":{\"value\":\"x\",\"type\":\"Null\"},\"g\":{\"value\":99999999999999999999}},\"withVariablesInReturn\":false}");
        assertThat(vars).containsEntry("a", 5L).containsEntry("b", 2.5).containsEntry("c", "7").containsEntry("d", true)
                .containsEntry("e", null).containsEntry("f", null).containsEntry("g", new java.math.BigDecimal("99999999999999999999"));
    }

    @Test
    void noBodyOrNoVariablesSubmitsNone() {
        assertThat(read("")).isEmpty();
        assertThat(read("{}")).isEmpty();
        assertThat(read("{\"variables\":null}")).isEmpty();
        assertThat(read("null")).isEmpty();
    }

    @Test
    void whatTheEngineCannotReadIsLeftToIt() {
        assertThat(read("{\"variables\":")).isNull();
        assertThat(read("[1,2]")).isNull();
        assertThat(read("{\"variables\":[1]}")).isNull();
        assertThat(read("{\"variables\":{\"a\":5}}")).isNull();
    }
}
