import { defineRule } from "../define.js";

/** A directory `%cd` takes as written: no quotes, expansions or spaces, which IPython's magic reads differently. */
const PLAIN_PATH = /^[\w./~+-]+$/;

export const notebookShellCd = defineRule({
  id: "notebook-shell-cd",
  title: "`!cd dir` in a notebook, which changes the directory of a subshell that exits at once",
  category: "platform",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: IPython runs each `!` line in a shell of its own, on every platform",
  runsOnTpu: true,
  appliesTo: () => true,
  triggers: ["cd"],
  checks: {
    shell: {
      run(context) {
        const { document } = context;
        const bang = document.notebookBang;
        const commands = document.commands();
        const command = commands.length === 1 ? commands[0]! : undefined;
        // `!cd dir && make` or `!cd dir; ls` use the directory within the line: they work.
        if (bang === undefined || command?.name.value !== "cd" || command.node.parent?.type !== "program" || command.args.length > 1) return;
        const target = command.args[0];
        const written = document.text.slice(command.node.startIndex, command.node.endIndex);
        const message = `\`!${written}\` runs \`cd\` in a shell that exits at the end of the line: the notebook's directory, and every later \`!\` line and Python call, stay where they were. IPython's \`%cd\` changes the notebook's own directory.`;
        const range = { start: command.node.startIndex, end: command.node.endIndex };
        if (target && (target.dynamic || !PLAIN_PATH.test(document.text.slice(target.start, target.end)))) {
          context.report({ ...range, message, hint: `Write \`%cd ${target.value}\` (check how IPython expands it), or join the commands that need the directory on one line: \`!${written} && ...\`.` });
          return;
        }
        // The `!` sits just before this text in the notebook; turning it into `%` makes the line the magic.
        context.report({ ...range, message, fix: [{ start: bang, end: bang + 1, text: "%" }] });
      },
    },
  },
});
