package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.expr.Nodes.Comparator;
import dev.todostreams.emulator.expr.Nodes.Operand;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** Recursive-descent parser for all expression kinds. */
final class Parser {

	private static final int MAX_IN_OPERANDS = 100;

	private final Lexer lexer;

	private final ExpressionContext ctx;

	private final String kind;

	private int pos;

	private final Set<Condition> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());

	private final Set<Operand> parenthesizedOperands = Collections.newSetFromMap(new IdentityHashMap<>());

	/** The most important semantic error found so far; syntax errors are thrown at once and win over it. */
	private @Nullable AwsException deferred;

	private int deferredRank = Integer.MAX_VALUE;

	/** DynamoDB's limit on any expression string, in UTF-8 bytes. */
	static final int MAX_EXPRESSION_BYTES = 4096;

	Parser(String text, ExpressionContext ctx, String kind) {
		this.ctx = ctx;
		this.kind = kind;
		if (text.length() > MAX_EXPRESSION_BYTES / 3 && Values.utf8Length(text) > MAX_EXPRESSION_BYTES) {
			throw error("Expression size has exceeded the maximum allowed size; expression size: " + Values.utf8Length(text));
		}
		this.lexer = new Lexer(text, kind);
		if (this.lexer.count == 1) {
			throw error("The expression can not be empty;");
		}
	}

	AwsException error(String message) {
		return AwsException.validation("Invalid " + this.kind + ": " + message);
	}

	private static final int PARENS = 0;

	private static final int RESERVED = 1;

	private static final int SECTION = 2;

	private static final int PLACEHOLDER = 3;

	private static final int OVERLAP = 4;

	private static final int OPERAND = 5;

	/** Records a semantic error; DynamoDB reports syntax errors first, then semantic ones in a fixed order. */
	private void defer(int rank, AwsException ex) {
		if (rank < this.deferredRank) {
			this.deferred = ex;
			this.deferredRank = rank;
		}
	}

	private void throwDeferred() {
		if (this.deferred != null) {
			throw this.deferred;
		}
	}

	private Value valuePlaceholder() {
		String text = this.lexer.text(this.pos);
		this.pos++;
		try {
			return this.ctx.value(text, this.kind);
		}
		catch (AwsException ex) {
			defer(PLACEHOLDER, ex);
			return new Value.Null();
		}
	}

	private int type() {
		return this.lexer.kinds[this.pos];
	}

	private int type(int token) {
		return this.lexer.kinds[Math.min(token, this.lexer.count - 1)];
	}

	private AwsException syntaxError() {
		return this.lexer.syntaxError(this.kind, this.pos);
	}

	private void expect(int type) {
		if (type() != type) {
			throw syntaxError();
		}
		this.pos++;
	}

	private boolean keyword(String keyword) {
		return this.lexer.isKeyword(this.pos, keyword);
	}

	void expectEnd() {
		if (type() != Lexer.EOF) {
			throw syntaxError();
		}
	}

	// ---------------------------------------------------------------- paths

	Path parsePath() {
		List<Object> elements = new ArrayList<>(4);
		elements.add(name());
		while (true) {
			if (type() == Lexer.DOT) {
				this.pos++;
				elements.add(name());
			}
			else if (type() == Lexer.LBRACKET) {
				this.pos++;
				if (type() != Lexer.NUMBER) {
					throw syntaxError();
				}
				String digits = this.lexer.text(this.pos);
				int index = 0;
				for (int i = 0; i < digits.length(); i++) {
					char c = digits.charAt(i);
					if (c < '0' || c > '9' || index > (Integer.MAX_VALUE - 9) / 10) {
						throw syntaxError();
					}
					index = index * 10 + (c - '0');
				}
				this.pos++;
				expect(Lexer.RBRACKET);
				elements.add(index);
			}
			else {
				return new Path(elements);
			}
		}
	}

	private String name() {
		int t = type();
		String text = this.lexer.text(this.pos);
		if (t == Lexer.NAME) {
			this.pos++;
			try {
				return this.ctx.name(text, this.kind);
			}
			catch (AwsException ex) {
				defer(PLACEHOLDER, ex);
				return text;
			}
		}
		if (t == Lexer.IDENT) {
			if (ReservedWords.isReserved(text)) {
				defer(RESERVED, error("Attribute name is a reserved keyword; reserved keyword: " + text));
			}
			this.pos++;
			return text;
		}
		throw syntaxError();
	}

	private boolean atFunction() {
		return type() == Lexer.IDENT && type(this.pos + 1) == Lexer.LPAREN;
	}

	// ---------------------------------------------------------------- conditions

	Condition parseCondition() {
		Condition condition = or();
		expectEnd();
		throwDeferred();
		return condition;
	}

	private Condition or() {
		Condition left = and();
		while (keyword("OR")) {
			this.pos++;
			left = new Nodes.Or(left, and());
		}
		return left;
	}

	private Condition and() {
		Condition left = not();
		while (keyword("AND")) {
			this.pos++;
			left = new Nodes.And(left, not());
		}
		return left;
	}

	private Condition not() {
		if (keyword("NOT")) {
			this.pos++;
			return new Nodes.Not(not());
		}
		return primary();
	}

	private Condition primary() {
		if (type() == Lexer.LPAREN) {
			int close = matching(this.pos);
			if (close < 0 || !startsOperandTail(close + 1)) {
				this.pos++;
				Condition inner = or();
				expect(Lexer.RPAREN);
				if (!this.parenthesized.add(inner)) {
					defer(PARENS, error("The expression has redundant parentheses;"));
				}
				return inner;
			}
		}
		else if (atFunction()) {
			String name = this.lexer.text(this.pos);
			boolean conditionFunction = isConditionFunction(name);
			if (!conditionFunction && !name.equals("size")) {
				throw error("Invalid function name; function: " + name);
			}
			int close = matching(this.pos + 1);
			boolean usedAsOperand = close >= 0 && startsOperandTail(close + 1);
			if (conditionFunction) {
				if (usedAsOperand) {
					throw misusedFunction(name);
				}
				return function(name);
			}
			if (!usedAsOperand) {
				throw misusedFunction(name);
			}
		}
		Operand left = operand();
		int t = type();
		Comparator comparator = comparator(t);
		if (comparator != null) {
			this.pos++;
			Operand right = operand();
			checkDistinct(comparator.symbol, left, right);
			return new Nodes.Compare(comparator, left, right);
		}
		if (keyword("BETWEEN")) {
			this.pos++;
			Operand low = operand();
			if (!keyword("AND")) {
				throw syntaxError();
			}
			this.pos++;
			Operand high = operand();
			if (low instanceof Nodes.Constant lo && high instanceof Nodes.Constant hi) {
				Integer order = Ops.order(lo.value, hi.value);
				if (!lo.value.type().equals(hi.value.type())) {
					defer(OPERAND, error("The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: "
							+ Ops.describe(lo.value) + ", upper bound operand: AttributeValue: " + Ops.describe(hi.value)));
				}
				if (order != null && order > 0) {
					defer(OPERAND, error("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
							+ Ops.describe(lo.value) + ", upper bound operand: AttributeValue: " + Ops.describe(hi.value)));
				}
			}
			return new Nodes.Between(left, low, high);
		}
		if (keyword("IN")) {
			this.pos++;
			expect(Lexer.LPAREN);
			List<Operand> candidates = new ArrayList<>();
			candidates.add(operand());
			while (type() == Lexer.COMMA) {
				this.pos++;
				candidates.add(operand());
			}
			expect(Lexer.RPAREN);
			if (candidates.size() > MAX_IN_OPERANDS) {
				defer(OPERAND, error("The IN operator is provided with too many operands; number of operands: " + candidates.size()));
			}
			return new Nodes.In(left, candidates.toArray(new Operand[0]));
		}
		throw syntaxError();
	}

	private static @Nullable Comparator comparator(int type) {
		return switch (type) {
			case Lexer.EQ -> Comparator.EQ;
			case Lexer.NE -> Comparator.NE;
			case Lexer.LT -> Comparator.LT;
			case Lexer.LE -> Comparator.LE;
			case Lexer.GT -> Comparator.GT;
			case Lexer.GE -> Comparator.GE;
			default -> null;
		};
	}

	/** Index of the parenthesis closing the one at {@code open}, or -1. */
	private int matching(int open) {
		int depth = 0;
		for (int t = open; t < this.lexer.count; t++) {
			int k = this.lexer.kinds[t];
			if (k == Lexer.LPAREN) {
				depth++;
			}
			else if (k == Lexer.RPAREN && --depth == 0) {
				return t;
			}
		}
		return -1;
	}

	private boolean startsOperandTail(int token) {
		return token < this.lexer.count && (comparator(this.lexer.kinds[token]) != null
				|| this.lexer.isKeyword(token, "BETWEEN") || this.lexer.isKeyword(token, "IN"));
	}

	private static boolean isConditionFunction(String name) {
		switch (name) {
			case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains":
				return true;
			default:
				return false;
		}
	}

	private AwsException misusedFunction(String name) {
		return error("The function is not allowed to be used this way in an expression; function: " + name);
	}

	private void checkDistinct(String operator, Operand first, Operand second) {
		if (first instanceof Nodes.PathOperand a && second instanceof Nodes.PathOperand b && a.path.sameAs(b.path)) {
			defer(OPERAND, error("The first operand must be distinct from the remaining operands for this operator or function; operator: "
					+ operator + ", first operand: " + a.path));
		}
	}

	private AwsException incorrectOperand(String function, Value value) {
		return error("Incorrect operand type for operator or function; operator or function: " + function
				+ ", operand type: " + value.type());
	}

	private Operand operand() {
		int t = type();
		if (t == Lexer.LPAREN) {
			this.pos++;
			Operand inner = operand();
			expect(Lexer.RPAREN);
			if (!this.parenthesizedOperands.add(inner)) {
				defer(PARENS, error("The expression has redundant parentheses;"));
			}
			return inner;
		}
		if (t == Lexer.VALUE) {
			return new Nodes.Constant(valuePlaceholder());
		}
		if (atFunction()) {
			String name = this.lexer.text(this.pos);
			if (!name.equals("size")) {
				throw isConditionFunction(name) ? misusedFunction(name) : error("Invalid function name; function: " + name);
			}
			List<Operand> args = arguments();
			checkArity(name, args, 1);
			Operand arg = args.get(0);
			if (arg instanceof Nodes.Constant c
					&& (c.value instanceof Value.N || c.value instanceof Value.Bool || c.value instanceof Value.Null)) {
				defer(OPERAND, incorrectOperand(name, c.value));
			}
			return new Nodes.Size(arg);
		}
		if (t == Lexer.IDENT || t == Lexer.NAME) {
			return new Nodes.PathOperand(parsePath());
		}
		throw syntaxError();
	}

	private List<Operand> arguments() {
		this.pos += 2;
		List<Operand> args = new ArrayList<>(2);
		args.add(operand());
		while (type() == Lexer.COMMA) {
			this.pos++;
			args.add(operand());
		}
		expect(Lexer.RPAREN);
		return args;
	}

	private boolean checkArity(String name, List<?> args, int expected) {
		if (args.size() != expected) {
			defer(OPERAND, error("Incorrect number of operands for operator or function; operator or function: " + name
					+ ", number of operands: " + args.size()));
			return false;
		}
		return true;
	}

	private void pathArgument(String name, Object operand) {
		if (!(operand instanceof Nodes.PathOperand)) {
			defer(OPERAND, error("Operator or function requires a document path; operator or function: " + name));
		}
	}

	private Condition function(String name) {
		List<Operand> args = arguments();
		if (name.equals("attribute_exists") || name.equals("attribute_not_exists")) {
			checkArity(name, args, 1);
			pathArgument(name, args.get(0));
			return new Nodes.Function(name, args.get(0), null);
		}
		if (!checkArity(name, args, 2)) {
			return new Nodes.Function(name, args.get(0), args.get(0));
		}
		Operand first = args.get(0);
		Operand second = args.get(1);
		checkDistinct(name, first, second);
		if (name.equals("attribute_type")) {
			if (!(second instanceof Nodes.Constant c)) {
				defer(OPERAND, error("Incorrect operand type for operator or function; operator or function: attribute_type, "
						+ "operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
			}
			else if (!(c.value instanceof Value.S s)) {
				defer(OPERAND, incorrectOperand(name, c.value));
			}
			else if (!isTypeName(s.value())) {
				defer(OPERAND, error("Invalid attribute type name found; type: " + s.value()
						+ ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"));
			}
		}
		else if (name.equals("begins_with")) {
			for (Operand arg : args) {
				if (arg instanceof Nodes.Constant c && !(c.value instanceof Value.S || c.value instanceof Value.B)) {
					defer(OPERAND, incorrectOperand(name, c.value));
				}
			}
		}
		return new Nodes.Function(name, first, second);
	}

	private static boolean isTypeName(String type) {
		switch (type) {
			case "S", "N", "B", "SS", "NS", "BS", "L", "M", "BOOL", "NULL":
				return true;
			default:
				return false;
		}
	}

	// ---------------------------------------------------------------- projection

	List<Path> parseProjection() {
		List<Path> paths = new ArrayList<>();
		paths.add(parsePath());
		while (type() == Lexer.COMMA) {
			this.pos++;
			paths.add(parsePath());
		}
		expectEnd();
		checkOverlaps(paths);
		throwDeferred();
		return paths;
	}

	/**
	 * Rejects paths where one is a prefix of (or equal to) another ("overlap"), and paths that use the same
	 * attribute once as a map and once as a list ("conflict").
	 */
	void checkOverlaps(List<Path> paths) {
		for (int i = 0; i < paths.size(); i++) {
			for (int j = i + 1; j < paths.size(); j++) {
				Path a = paths.get(i);
				Path b = paths.get(j);
				String problem = a.clash(b);
				if (problem != null) {
					defer(OVERLAP, error("Two document paths " + problem
							+ " with each other; must remove or rewrite one of these paths; path one: " + a + ", path two: " + b));
					return;
				}
			}
		}
	}

	// ---------------------------------------------------------------- update

	UpdateExpression parseUpdate() {
		List<UpdateExpression.Set> sets = new ArrayList<>();
		List<Path> removes = new ArrayList<>();
		List<UpdateExpression.SetChange> adds = new ArrayList<>();
		List<UpdateExpression.SetChange> deletes = new ArrayList<>();
		boolean[] seen = new boolean[4];
		while (type() != Lexer.EOF) {
			int clause = clause();
			if (clause < 0) {
				throw syntaxError();
			}
			if (seen[clause]) {
				defer(SECTION, error("The \"" + this.lexer.text(this.pos).toUpperCase(Locale.ROOT)
						+ "\" section can only be used once in an update expression;"));
			}
			seen[clause] = true;
			this.pos++;
			do {
				if (clause == 0) {
					Path path = parsePath();
					expect(Lexer.EQ);
					sets.add(new UpdateExpression.Set(path, setValue()));
				}
				else if (clause == 1) {
					removes.add(parsePath());
				}
				else {
					Path path = parsePath();
					if (type() != Lexer.VALUE) {
						throw syntaxError();
					}
					Value value = valuePlaceholder();
					boolean ok = (clause == 2) ? (value instanceof Value.N || Ops.isSet(value)) : Ops.isSet(value);
					if (!ok) {
						String op = (clause == 2) ? "ADD" : "DELETE";
						defer(OPERAND, error("Incorrect operand type for operator or function; operator: " + op + ", operand type: "
								+ Ops.typeName(value)));
					}
					((clause == 2) ? adds : deletes).add(new UpdateExpression.SetChange(path, value));
				}
				if (type() != Lexer.COMMA) {
					break;
				}
				this.pos++;
			}
			while (true);
		}
		List<Path> all = new ArrayList<>();
		sets.forEach(s -> all.add(s.path()));
		all.addAll(removes);
		adds.forEach(a -> all.add(a.path()));
		deletes.forEach(d -> all.add(d.path()));
		checkOverlaps(all);
		throwDeferred();
		return new UpdateExpression(sets, removes, adds, deletes);
	}

	private int clause() {
		if (keyword("SET")) {
			return 0;
		}
		if (keyword("REMOVE")) {
			return 1;
		}
		if (keyword("ADD")) {
			return 2;
		}
		if (keyword("DELETE")) {
			return 3;
		}
		return -1;
	}

	private UpdateExpression.Operand setValue() {
		if (type() == Lexer.LPAREN) {
			int close = matching(this.pos);
			int after = (close < 0) ? Lexer.EOF : type(close + 1);
			if (after != Lexer.PLUS && after != Lexer.MINUS) {
				this.pos++;
				UpdateExpression.Operand inner = setValue();
				expect(Lexer.RPAREN);
				return inner;
			}
		}
		UpdateExpression.Operand left = setOperand();
		if (type() == Lexer.PLUS || type() == Lexer.MINUS) {
			boolean plus = type() == Lexer.PLUS;
			this.pos++;
			UpdateExpression.Operand right = setOperand();
			checkConstantType(plus ? "+" : "-", left, Value.N.class);
			checkConstantType(plus ? "+" : "-", right, Value.N.class);
			return new UpdateExpression.Arithmetic(left, right, plus);
		}
		return left;
	}

	private void checkConstantType(String function, UpdateExpression.Operand operand, Class<? extends Value> type) {
		if (operand instanceof UpdateExpression.Constant c && !type.isInstance(c.value())) {
			defer(OPERAND, incorrectOperand(function, c.value()));
		}
	}

	private UpdateExpression.Operand setOperand() {
		int t = type();
		if (t == Lexer.LPAREN) {
			this.pos++;
			UpdateExpression.Operand inner = setOperand();
			expect(Lexer.RPAREN);
			return inner;
		}
		if (t == Lexer.VALUE) {
			return new UpdateExpression.Constant(valuePlaceholder());
		}
		if (atFunction()) {
			String name = this.lexer.text(this.pos);
			if (!name.equals("if_not_exists") && !name.equals("list_append")) {
				if (name.equals("size") || name.equals("attribute_exists") || name.equals("attribute_not_exists")
						|| name.equals("attribute_type") || name.equals("begins_with") || name.equals("contains")) {
					throw error("The function is not allowed in an update expression; function: " + name);
				}
				throw error("Invalid function name; function: " + name);
			}
			this.pos += 2;
			List<UpdateExpression.Operand> args = new ArrayList<>(2);
			args.add(setOperand());
			while (type() == Lexer.COMMA) {
				this.pos++;
				args.add(setOperand());
			}
			expect(Lexer.RPAREN);
			if (!checkArity(name, args, 2)) {
				return args.get(0);
			}
			if (name.equals("if_not_exists")) {
				if (!(args.get(0) instanceof UpdateExpression.PathValue p)) {
					defer(OPERAND, error("Operator or function requires a document path; operator or function: if_not_exists"));
					return args.get(0);
				}
				return new UpdateExpression.IfNotExists(p.path(), args.get(1));
			}
			checkConstantType(name, args.get(0), Value.L.class);
			checkConstantType(name, args.get(1), Value.L.class);
			return new UpdateExpression.ListAppend(args.get(0), args.get(1));
		}
		if (t == Lexer.IDENT || t == Lexer.NAME) {
			return new UpdateExpression.PathValue(parsePath());
		}
		throw syntaxError();
	}

}
