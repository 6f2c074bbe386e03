package dev.todostreams.emulator.expr;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThatCode;

class ExpressionContextTests {

	@Test
	void allUsedAcrossExpressions() {
		ExpressionContext ctx = ctx("{'#a':'a','#b':'b'}", "{':v':{'N':'1'},':w':{'N':'2'}}");
		Expressions.condition("#a = :v", ctx);
		Expressions.update("SET #b = :w", ctx);
		assertThatCode(ctx::checkAllUsed).doesNotThrowAnyException();
	}

	@Test
	void unusedNames() {
		ExpressionContext ctx = ctx("{'#a':'a','#b':'b','#c':'c'}", "{':v':{'N':'1'}}");
		Expressions.condition("#a = :v", ctx);
		assertValidation(ctx::checkAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
	}

	@Test
	void unusedValues() {
		ExpressionContext ctx = ctx("{}", "{':v':{'N':'1'},':x':{'N':'1'}}");
		Expressions.projection("a", ctx);
		Expressions.condition("a = :v", ctx);
		assertValidation(ctx::checkAllUsed, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
	}

	@Test
	void emptyContext() {
		assertThatCode(() -> ExpressionContext.empty().checkAllUsed()).doesNotThrowAnyException();
		assertThatCode(() -> new ExpressionContext(Map.of(), Map.of()).checkAllUsed()).doesNotThrowAnyException();
	}

	@Test
	void placeholderKeysMustBeWellFormed() {
		assertValidation(() -> ctx("{'a':'a'}", "{}"), "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
		assertValidation(() -> ctx("{}", "{'v':{'N':'1'}}"), "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
	}

}
