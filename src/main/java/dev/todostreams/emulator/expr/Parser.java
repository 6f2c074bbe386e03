package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.AwsException;
import dev.todostreams.emulator.expr.Nodes.Comparator;
import dev.todostreams.emulator.expr.Nodes.Operand;
import dev.todostreams.emulator.value.Value;

/** Recursive-descent parser for all expression kinds. */
final class Parser {

	private static final int MAX_IN_OPERANDS = 100;

	private final Lexer lexer;

	private final ExpressionContext ctx;

	private final String kind;

	private int pos;

	private final Set<Condition> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());

	Parser(String text, ExpressionContext ctx, String kind) {
		this.ctx = ctx;
		this.kind = kind;
		this.lexer = new Lexer(text, kind);
		if (this.lexer.count == 1) {
			throw error("The expression can not be empty;");
		}
	}

	AwsException error(String message) {
		return AwsException.validation("Invalid " + this.kind + ": " + message);
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
			return this.ctx.name(text, this.kind);
		}
		if (t == Lexer.IDENT) {
			if (ReservedWords.isReserved(text)) {
				throw error("Attribute name is a reserved keyword; reserved keyword: " + text);
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
			this.pos++;
			Condition inner = or();
			expect(Lexer.RPAREN);
			if (!this.parenthesized.add(inner)) {
				throw error("The expression has redundant parentheses;");
			}
			return inner;
		}
		if (atFunction()) {
			String name = this.lexer.text(this.pos);
			switch (name) {
				case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains":
					return function(name);
				case "size":
					break;
				default:
					throw functionNotAllowedOrUnknown(name);
			}
		}
		Operand left = operand();
		int t = type();
		Comparator comparator = comparator(t);
		if (comparator != null) {
			this.pos++;
			Operand right = operand();
			if (comparator != Comparator.EQ && comparator != Comparator.NE) {
				checkOrderable(left, comparator.symbol);
				checkOrderable(right, comparator.symbol);
			}
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
			checkOrderable(left, "BETWEEN");
			checkOrderable(low, "BETWEEN");
			checkOrderable(high, "BETWEEN");
			if (low instanceof Nodes.Constant lo && high instanceof Nodes.Constant hi) {
				Integer order = Ops.order(lo.value, hi.value);
				if (order == null) {
					throw error("The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: "
							+ Ops.describe(lo.value) + ", upper bound operand: AttributeValue: " + Ops.describe(hi.value));
				}
				if (order > 0) {
					throw error("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
							+ Ops.describe(lo.value) + ", upper bound operand: AttributeValue: " + Ops.describe(hi.value));
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
				throw error("The IN operator is provided with too many operands; number of operands: " + candidates.size());
			}
			return new Nodes.In(left, candidates.toArray(new Operand[0]));
		}
		if (left instanceof Nodes.Size && type() == Lexer.EOF) {
			throw functionNotAllowedOrUnknown("size");
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

	private void checkOrderable(Operand operand, String operator) {
		if (operand instanceof Nodes.Constant c && !Ops.isScalar(c.value)) {
			throw error("Incorrect operand type for operator or function; operator or function: " + operator
					+ ", operand type: " + Ops.typeName(c.value));
		}
	}

	private AwsException functionNotAllowedOrUnknown(String name) {
		switch (name) {
			case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size",
					"if_not_exists", "list_append":
				return error("The function is not allowed to be used this way in an expression; function: " + name);
			default:
				return error("Invalid function name; function: " + name);
		}
	}

	private Operand operand() {
		int t = type();
		if (t == Lexer.VALUE) {
			Value value = this.ctx.value(this.lexer.text(this.pos), this.kind);
			this.pos++;
			return new Nodes.Constant(value);
		}
		if (atFunction()) {
			String name = this.lexer.text(this.pos);
			if (!name.equals("size")) {
				throw functionNotAllowedOrUnknown(name);
			}
			List<Operand> args = arguments();
			checkArity(name, args, 1);
			return new Nodes.Size(pathArgument(name, args.get(0)));
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

	private void checkArity(String name, List<?> args, int expected) {
		if (args.size() != expected) {
			throw error("Incorrect number of operands for operator or function; operator or function: " + name
					+ ", number of operands: " + args.size());
		}
	}

	private Path pathArgument(String name, Object operand) {
		if (operand instanceof Nodes.PathOperand p) {
			return p.path;
		}
		throw error("Operator or function requires a document path; operator or function: " + name);
	}

	private Condition function(String name) {
		List<Operand> args = arguments();
		if (name.equals("attribute_exists") || name.equals("attribute_not_exists")) {
			checkArity(name, args, 1);
			pathArgument(name, args.get(0));
			return new Nodes.Function(name, args.get(0), null);
		}
		checkArity(name, args, 2);
		pathArgument(name, args.get(0));
		Operand second = args.get(1);
		if (second instanceof Nodes.Constant c) {
			if (name.equals("attribute_type")) {
				String type = (c.value instanceof Value.S s) ? s.value() : null;
				if (type == null || !isTypeName(type)) {
					throw error("Invalid attribute type name found; type: "
							+ ((type != null) ? type : c.value.type()) + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
				}
			}
			else if (name.equals("begins_with") && !(c.value instanceof Value.S || c.value instanceof Value.B)) {
				throw error("Incorrect operand type for operator or function; operator or function: begins_with, operand type: "
						+ Ops.typeName(c.value));
			}
		}
		return new Nodes.Function(name, args.get(0), second);
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
		return paths;
	}

	void checkOverlaps(List<Path> paths) {
		for (int i = 0; i < paths.size(); i++) {
			for (int j = i + 1; j < paths.size(); j++) {
				Path a = paths.get(i);
				Path b = paths.get(j);
				if (a.overlaps(b)) {
					String what = a.sameAs(b) ? "Two document paths conflict with each other"
							: "Two document paths overlap with each other";
					throw error(what + "; must remove or rewrite one of these paths; path one: " + a + ", path two: " + b);
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
				throw error("The \"" + this.lexer.text(this.pos).toUpperCase(java.util.Locale.ROOT)
						+ "\" section can only be used once in an update expression;");
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
					Value value = this.ctx.value(this.lexer.text(this.pos), this.kind);
					this.pos++;
					boolean ok = (clause == 2) ? (value instanceof Value.N || Ops.isSet(value)) : Ops.isSet(value);
					if (!ok) {
						String op = (clause == 2) ? "ADD" : "DELETE";
						throw error("Incorrect operand type for operator or function; operator: " + op + ", operand type: "
								+ Ops.typeName(value) + ", typeSet: ALLOWED_FOR_" + op + "_OPERAND");
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
		UpdateExpression.Operand left = setOperand();
		if (type() == Lexer.PLUS || type() == Lexer.MINUS) {
			boolean plus = type() == Lexer.PLUS;
			this.pos++;
			return new UpdateExpression.Arithmetic(left, setOperand(), plus);
		}
		return left;
	}

	private UpdateExpression.Operand setOperand() {
		int t = type();
		if (t == Lexer.VALUE) {
			Value value = this.ctx.value(this.lexer.text(this.pos), this.kind);
			this.pos++;
			return new UpdateExpression.Constant(value);
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
			checkArity(name, args, 2);
			if (name.equals("if_not_exists")) {
				if (!(args.get(0) instanceof UpdateExpression.PathValue p)) {
					throw error("Operator or function requires a document path; operator or function: if_not_exists");
				}
				return new UpdateExpression.IfNotExists(p.path(), args.get(1));
			}
			return new UpdateExpression.ListAppend(args.get(0), args.get(1));
		}
		if (t == Lexer.IDENT || t == Lexer.NAME) {
			return new UpdateExpression.PathValue(parsePath());
		}
		throw syntaxError();
	}

}
