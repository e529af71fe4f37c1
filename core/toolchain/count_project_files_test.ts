import { equal } from "node:assert/strict";
import { countProjectFiles } from "./count_project_files.ts";
import { FileFilter } from "./file_filter.ts";

Deno.test("countProjectFiles() honours root and nested .gitignore files and built-in ignores", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_count_" });
  try {
    const files: Record<string, string> = {
      ".gitignore": "*.log\n",
      "a.py": "",
      "b.log": "",
      "web/.gitignore": "*.css\n!keep.css\n",
      "web/site.css": "",
      "web/keep.css": "",
      "web/app.js": "",
      "node_modules/x/index.js": "",
      ".git/HEAD": "",
      "pkg/__pycache__/a.pyc": "",
    };
    for (const [name, text] of Object.entries(files)) {
      const path = `${dir}/${name}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    const filter = await FileFilter.load(dir);
    // .gitignore, a.py, web/.gitignore, web/keep.css, web/app.js
    equal(await countProjectFiles(dir, { filter }), 5);
    equal(filter.ignores("web/site.css"), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
