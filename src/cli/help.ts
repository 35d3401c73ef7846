/** Texts of the `weir` command: usage (--help) and the shell's HELP. */

export const USAGE = `Usage: weir [options]

Weir runs Flink SQL on this machine. Without -f it starts an interactive SQL shell
(statements may also be piped into it).

Options:
  -f, --file <script.sql>   run the statements of a file in order, then exit; stops at the
                            first failing statement (exit code 1) and waits for INSERT jobs
  -i, --init <init.sql>     run a file of DDL / SET / USE statements before anything else
  -D <key>=<value>          set a session configuration key (repeatable), e.g.
                            -D parallelism.default=2
  -h, --help                print this help and exit
  -v, --version             print the version and exit

Signals: SIGINT / SIGTERM cancel the running jobs (exit 130 / 143). With
-D weir.stop-with-savepoint-on-sigterm=true, SIGTERM stops the INSERT jobs of -f with a savepoint
(into execution.checkpointing.savepoint-dir), prints its path and exits 0; resume with
-D execution.savepoint.path=<path>.

Examples:
  weir -f sql-examples/word-count.sql
  weir -D table.local-time-zone=UTC
  echo "SELECT 1;" | weir
`

export const SHELL_HELP = `The following commands are available:

CLEAR                 Clears the current terminal.
EXIT / QUIT           Quits the Weir SQL shell (running jobs are cancelled).
HELP                  Prints the available commands.
SET                   Sets a session configuration property. Syntax: "SET '<key>'='<value>';". Use "SET;" for listing all properties.
RESET                 Resets a session configuration property. Syntax: "RESET '<key>';". Use "RESET;" for reset all session properties.
INSERT INTO           Inserts the results of a SQL SELECT query into a declared table sink (runs as a job in the background).
SELECT                Executes a SQL SELECT query and prints its changelog; Ctrl-C cancels it.
EXPLAIN               Describes the execution plan of a query or table with the given name.
BEGIN STATEMENT SET   Begins a statement set. Syntax: "BEGIN STATEMENT SET;"
END                   Ends a statement set and submits its INSERTs as one job. Syntax: "END;"
SHOW JOBS             Lists the jobs of this session with their status.
STOP JOB              Stops a job. Syntax: "STOP JOB '<job id>' [WITH SAVEPOINT [WITH DRAIN]];"

Any other Flink SQL statement works too: CREATE / DROP / ALTER TABLE, CREATE VIEW, SHOW TABLES,
DESCRIBE, USE, EXECUTE STATEMENT SET BEGIN ... END;, ...

Hint: Make sure that a statement ends with ";" for finalizing (multi-line) statements.`
