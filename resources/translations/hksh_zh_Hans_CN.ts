<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_Hans_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <source>The desktop tool of the Hong Kong/Shanghai Co-operation Open Data Challenge. Qt for Python {qt}.</source>
        <translation>“沪港合作开放数据竞赛”的桌面工具。Qt for Python {qt}。</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>程序库</translation>
    </message>
    <message>
        <source>Data sources</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>程序库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Libraries and their licences</source>
        <translation>程序库及其许可证</translation>
    </message>
    <message>
        <source>The data sources&apos; licences</source>
        <translation>数据来源的使用条款</translation>
    </message>
    <message>
        <source>The catalogue describes open data published under these terms. Use each dataset as its terms allow, and name its publisher.</source>
        <translation>目录所列的开放数据按以下条款发布。请按各数据集的条款使用，并注明发布机构。</translation>
    </message>
</context>
<context>
    <name>CatalogueSearchDialog</name>
    <message>
        <source>Search the dataset catalogue</source>
        <translation>搜索数据集目录</translation>
    </message>
    <message>
        <source>Search words</source>
        <translation>搜索关键词</translation>
    </message>
    <message>
        <source>For example: temperature, 氣溫, 停车场</source>
        <translation>例如：temperature、氣溫、停车场</translation>
    </message>
    <message>
        <source>Catalogue entries found</source>
        <translation>找到的目录条目</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>{n} 个条目</translation>
    </message>
</context>
<context>
    <name>DatasetDetails</name>
    <message>
        <source>The selected file</source>
        <translation>选中的文件</translation>
    </message>
    <message>
        <source>Add a data file to begin.</source>
        <translation>请先添加一个数据文件。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Catalogue entries the header matches</source>
        <translation>与表头相符的目录条目</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Use suggestion</source>
        <translation>采用建议</translation>
    </message>
    <message>
        <source>Search catalogue...</source>
        <translation>搜索目录…</translation>
    </message>
    <message>
        <source>Draft a schema...</source>
        <translation>起草结构定义…</translation>
    </message>
    <message>
        <source>City of the dataset</source>
        <translation>数据集所属城市</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>How the solution uses it</source>
        <translation>方案如何使用该数据</translation>
    </message>
    <message>
        <source>How it is used</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Sheet name</source>
        <translation>工作表名称</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Excel sheet</source>
        <translation>Excel 工作表</translation>
    </message>
    <message>
        <source>JSON pointer</source>
        <translation>JSON 指针</translation>
    </message>
    <message>
        <source>detected</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Header starts on row</source>
        <translation>表头开始于第几行</translation>
    </message>
    <message>
        <source>Rows in the header</source>
        <translation>表头的行数</translation>
    </message>
    <message>
        <source>Rows that are not data</source>
        <translation>不是数据的行</translation>
    </message>
    <message>
        <source>none (a pattern on the first column, or COLUMN=PATTERN: ^Total$)</source>
        <translation>没有（第一列的模式，或 列=模式：^Total$）</translation>
    </message>
    <message>
        <source>Custom schema {file}</source>
        <translation>自定义结构定义 {file}</translation>
    </message>
    <message>
        <source>Not chosen: use a suggestion, search the catalogue, or draft a schema.</source>
        <translation>未选择：请采用建议、搜索目录，或起草结构定义。</translation>
    </message>
    <message>
        <source>Reading the header...</source>
        <translation>正在读取表头…</translation>
    </message>
    <message>
        <source>No catalogue entry has these columns.</source>
        <translation>没有目录条目包含这些列。</translation>
    </message>
    <message>
        <source>{score}% of columns · {title} ({id})</source>
        <translation>{score}% 的列相同 · {title}（{id}）</translation>
    </message>
    <message>
        <source>Save the drafted schema</source>
        <translation>保存起草的结构定义</translation>
    </message>
    <message>
        <source>JSON Schema (*.json)</source>
        <translation>JSON Schema (*.json)</translation>
    </message>
    <message>
        <source>drafting a schema</source>
        <translation>起草结构定义</translation>
    </message>
</context>
<context>
    <name>DatasetResults</name>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Show errors of column</source>
        <translation>显示此列的错误</translation>
    </message>
    <message>
        <source>Show errors of rule</source>
        <translation>显示此规则的错误</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Validation errors</source>
        <translation>校验错误</translation>
    </message>
    <message>
        <source>Data preview</source>
        <translation>数据预览</translation>
    </message>
    <message>
        <source>Not validated yet.</source>
        <translation>尚未校验。</translation>
    </message>
    <message>
        <source>{rows} rows, {bad} with errors, {errors} errors.</source>
        <translation>{rows} 行，{bad} 行有错误，共 {errors} 个错误。</translation>
    </message>
    <message>
        <source>The first {n} of each column and rule are listed.</source>
        <translation>每列每条规则只列出前 {n} 个。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>（整行）</translation>
    </message>
    <message>
        <source>Reading {file}...</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>{rows} rows of {file} ({how}).</source>
        <translation>{file} 共 {rows} 行（{how}）。</translation>
    </message>
    <message>
        <source>Only the first rows are shown: the file is too large to hold.</source>
        <translation>只显示前几行：文件太大，无法全部载入。</translation>
    </message>
    <message>
        <source>reading the data</source>
        <translation>读取数据</translation>
    </message>
    <message>
        <source>Row {row} is not in the preview.</source>
        <translation>预览中没有第 {row} 行。</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Add every data file the solution uses (or drop them here). Say which catalogue dataset each is, then validate: errors are listed with their row and column.</source>
        <translation>添加方案用到的每个数据文件（或拖放到这里），注明各属目录中的哪个数据集，然后校验：错误会连同所在的行和列列出。</translation>
    </message>
    <message>
        <source>Add files...</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Validate all</source>
        <translation>全部校验</translation>
    </message>
    <message>
        <source>Datasets of the submission</source>
        <translation>参赛作品的数据集</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} 个错误</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Changed since checked</source>
        <translation>校验后有改动</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未校验</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Add data files</source>
        <translation>添加数据文件</translation>
    </message>
    <message>
        <source>Data files ({patterns});;All files (*)</source>
        <translation>数据文件 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>adding data files</source>
        <translation>添加数据文件</translation>
    </message>
    <message>
        <source>Choose the catalogue dataset (or a custom schema) of the file before validating.</source>
        <translation>校验前，请先为文件选择目录中的数据集（或自定义结构定义）。</translation>
    </message>
    <message>
        <source>Validating...</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Validation finished.</source>
        <translation>校验完成。</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Validation stopped.</source>
        <translation>校验已停止。</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Decide on a bundle</source>
        <translation>就提交包作出决定</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Why, for the judges and the record</source>
        <translation>原因，供评委参阅及记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决定者</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The bundle is made and was checked the way the organisers will check it. Upload it with the link the organisers sent, and paste the receipt in your email.</source>
        <translation>提交包已生成，并已按主办方的方式核验。请用主办方发来的链接上传，并把回执粘贴到邮件中。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Key id</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Packed at</source>
        <translation>打包时间</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>Problems the verifier found</source>
        <translation>核验时发现的问题</translation>
    </message>
    <message>
        <source>Copy receipt</source>
        <translation>复制回执</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>See it as judges will</source>
        <translation>以评委视角查看</translation>
    </message>
    <message>
        <source>No bundle yet: pack the submission in Review and sign.</source>
        <translation>尚无提交包：请在“审阅并签名”中打包作品。</translation>
    </message>
    <message>
        <source>Valid: the bundle is intact and signed by a registered key.</source>
        <translation>有效：提交包完整，并由已登记的密钥签名。</translation>
    </message>
    <message>
        <source>Valid: the bundle is intact and signed with your team&apos;s key. The organisers check that key against the one you registered.</source>
        <translation>有效：提交包完整，并由你团队的密钥签名。主办方会将其与你登记的密钥核对。</translation>
    </message>
    <message>
        <source>Invalid: the verifier found problems, listed below.</source>
        <translation>无效：核验时发现以下问题。</translation>
    </message>
    <message>
        <source>Receipt copied.</source>
        <translation>已复制回执。</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>（整行）</translation>
    </message>
</context>
<context>
    <name>FailureReporter</name>
    <message>
        <source>Something unexpected went wrong while {doing}. The details are in {log}.</source>
        <translation>{doing}时发生意外错误。详情见 {log}。</translation>
    </message>
    <message>
        <source>HKSH Packager</source>
        <translation>沪港提交包工具 HKSH Packager</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>错误信息</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Guide</source>
        <translation>使用指南</translation>
    </message>
</context>
<context>
    <name>IntakeWindow</name>
    <message>
        <source>accepted</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>not accepted</source>
        <translation>不接受</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Signed (team&apos;s clock)</source>
        <translation>签署时间（团队的时钟）</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>送达时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>问题（{n}）</translation>
    </message>
    <message>
        <source>No problems.</source>
        <translation>没有问题。</translation>
    </message>
    <message>
        <source>Intake findings</source>
        <translation>收件时的发现</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Verify bundles</source>
        <translation>核验提交包</translation>
    </message>
    <message>
        <source>&amp;Intake</source>
        <translation>收件(&amp;I)</translation>
    </message>
    <message>
        <source>Open &amp;bundles...</source>
        <translation>打开提交包(&amp;B)…</translation>
    </message>
    <message>
        <source>Open &amp;folder...</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Import &amp;trust list...</source>
        <translation>导入信任列表(&amp;T)…</translation>
    </message>
    <message>
        <source>Show the trust &amp;list</source>
        <translation>显示信任列表(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Save report...</source>
        <translation>保存报告(&amp;S)…</translation>
    </message>
    <message>
        <source>Open an intake &amp;ledger...</source>
        <translation>打开收件记录簿(&amp;L)...</translation>
    </message>
    <message>
        <source>S&amp;can a folder into the ledger...</source>
        <translation>把文件夹扫描到记录簿(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Watch a folder into the ledger...</source>
        <translation>监视文件夹并记入记录簿(&amp;W)...</translation>
    </message>
    <message>
        <source>&amp;Decide on this bundle...</source>
        <translation>就这个提交包作出决定(&amp;D)...</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Filter: team, title, key...</source>
        <translation>筛选：团队、标题、密钥…</translation>
    </message>
    <message>
        <source>Filter bundles</source>
        <translation>筛选提交包</translation>
    </message>
    <message>
        <source>Show bundles with verdict</source>
        <translation>只显示此结论的提交包</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>所有结论</translation>
    </message>
    <message>
        <source>Open bundles or a folder of them, or drop them here.</source>
        <translation>打开提交包或存放提交包的文件夹，或把它们拖放到这里。</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>What verification found</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <source>The submission, as judges read it</source>
        <translation>评委所见的参赛作品</translation>
    </message>
    <message>
        <source>Datasets in the bundle</source>
        <translation>提交包内的数据集</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>参赛作品</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>reading the stored trust list</source>
        <translation>读取已保存的信任列表</translation>
    </message>
    <message>
        <source>No trust list: keys are not checked against the registered teams. Import the registration file (Intake &gt; Import trust list).</source>
        <translation>没有信任列表：密钥不会与已登记的团队核对。请导入登记文件（收件 &gt; 导入信任列表）。</translation>
    </message>
    <message>
        <source>Trust list: {keys} keys, {revoked} revoked ({path}).</source>
        <translation>信任列表：{keys} 个密钥，{revoked} 个已撤销（{path}）。</translation>
    </message>
    <message>
        <source>{n} keys are listed for several teams: correct the list.</source>
        <translation>{n} 个密钥登记在多个团队名下：请更正列表。</translation>
    </message>
    <message>
        <source>No trust list is imported yet.</source>
        <translation>尚未导入信任列表。</translation>
    </message>
    <message>
        <source>Import the registered teams&apos; keys</source>
        <translation>导入已登记团队的密钥</translation>
    </message>
    <message>
        <source>Trust lists (*.csv *.json)</source>
        <translation>信任列表 (*.csv *.json)</translation>
    </message>
    <message>
        <source>importing the trust list</source>
        <translation>导入信任列表</translation>
    </message>
    <message>
        <source>Open bundles</source>
        <translation>打开提交包</translation>
    </message>
    <message>
        <source>Bundles (*.zip)</source>
        <translation>提交包 (*.zip)</translation>
    </message>
    <message>
        <source>Open a folder of bundles</source>
        <translation>打开存放提交包的文件夹</translation>
    </message>
    <message>
        <source>opening bundles</source>
        <translation>打开提交包</translation>
    </message>
    <message>
        <source>Verifying {n} bundles...</source>
        <translation>正在核验 {n} 个提交包…</translation>
    </message>
    <message>
        <source>verifying bundles</source>
        <translation>核验提交包</translation>
    </message>
    <message>
        <source>Open an intake ledger&apos;s folder</source>
        <translation>打开收件记录簿所在的文件夹</translation>
    </message>
    <message>
        <source>Reading the intake...</source>
        <translation>正在读取收件...</translation>
    </message>
    <message>
        <source>Choose the intake&apos;s folder, where its ledger is kept</source>
        <translation>选择收件文件夹，即存放记录簿的地方</translation>
    </message>
    <message>
        <source>The folder bundles arrive in</source>
        <translation>提交包送达的文件夹</translation>
    </message>
    <message>
        <source>Scanning {folder}...</source>
        <translation>正在扫描 {folder}...</translation>
    </message>
    <message>
        <source>Watching {folder} for bundles...</source>
        <translation>正在监视 {folder} 中的提交包...</translation>
    </message>
    <message>
        <source>watching for bundles</source>
        <translation>监视提交包</translation>
    </message>
    <message>
        <source>Open an intake ledger and choose a bundle; then decide on it.</source>
        <translation>请打开收件记录簿并选择一个提交包，然后才作出决定。</translation>
    </message>
    <message>
        <source>recording the decision</source>
        <translation>记录决定</translation>
    </message>
    <message>
        <source>Verify bundles first; then save the report.</source>
        <translation>请先核验提交包，再保存报告。</translation>
    </message>
    <message>
        <source>Save the intake report</source>
        <translation>保存收件报告</translation>
    </message>
    <message>
        <source>Web page for judges (*.html);;Spreadsheet (*.csv);;JSON (*.json)</source>
        <translation>供评委查看的网页 (*.html);;电子表格 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>saving the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Report saved: {path}</source>
        <translation>报告已保存：{path}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Opening the bundle...&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在打开提交包…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>opening the bundle</source>
        <translation>打开提交包</translation>
    </message>
    <message>
        <source>Validating again...</source>
        <translation>正在重新校验…</translation>
    </message>
    <message>
        <source>validating the dataset again</source>
        <translation>重新校验数据集</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Open a project or start a new one.</source>
        <translation>打开项目，或新建项目。</translation>
    </message>
    <message>
        <source>reading the dataset catalogue</source>
        <translation>读取数据集目录</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>New from the &amp;sample...</source>
        <translation>从示例新建(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;bundle...</source>
        <translation>打开提交包(&amp;B)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Verify bundles (organisers)...</source>
        <translation>核验提交包（主办方）(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About HKSH Packager...</source>
        <translation>关于 HKSH Packager(&amp;A)…</translation>
    </message>
    <message>
        <source>Problems that block packing</source>
        <translation>阻碍打包的问题</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Review and sign</source>
        <translation>审阅并签名</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>creating the project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open a project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <source>opening the project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>saving submission.json</source>
        <translation>保存 submission.json</translation>
    </message>
    <message>
        <source>Opened {folder}</source>
        <translation>已打开 {folder}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>问题（{n}）</translation>
    </message>
    <message>
        <source>Problems (none blocking; {n} to know)</source>
        <translation>问题（无阻碍；{n} 项需留意）</translation>
    </message>
    <message>
        <source>Problems (none)</source>
        <translation>问题（无）</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>has problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>unlocking the team key</source>
        <translation>解锁团队密钥</translation>
    </message>
    <message>
        <source>Open a bundle</source>
        <translation>打开提交包</translation>
    </message>
    <message>
        <source>Bundles (*.zip)</source>
        <translation>提交包 (*.zip)</translation>
    </message>
</context>
<context>
    <name>MaterialsPage</name>
    <message>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Attach what the challenge asks for: the proposal, and the slides, video and images you want judges to see. Drop files here or add them.</source>
        <translation>附上比赛要求的材料：计划书，以及想让评委看到的演示文稿、视频和图片。可把文件拖放到这里，或点击“添加”。</translation>
    </message>
    <message>
        <source>What the challenge asks for</source>
        <translation>比赛要求的材料</translation>
    </message>
    <message>
        <source>Materials the challenge asks for</source>
        <translation>比赛要求的材料</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>是否必需</translation>
    </message>
    <message>
        <source>File types</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <source>Largest size</source>
        <translation>大小上限</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>已附上的文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add files...</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Choose the stage in Solution: each stage asks for its own materials.</source>
        <translation>请在“方案”中选择阶段：每个阶段要求的材料不同。</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必需</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>none set</source>
        <translation>未设定</translation>
    </message>
    <message>
        <source>Kind of {file}</source>
        <translation>{file} 的类别</translation>
    </message>
    <message>
        <source>Add materials</source>
        <translation>添加材料</translation>
    </message>
    <message>
        <source>adding materials</source>
        <translation>添加材料</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>New project</source>
        <translation>新项目</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>比赛</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>In the folder</source>
        <translation>存放于文件夹</translation>
    </message>
    <message>
        <source>Start from the sample, to make it your own</source>
        <translation>从示例开始，再改成你们自己的</translation>
    </message>
    <message>
        <source>Where the project goes</source>
        <translation>项目存放位置</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase for team {team}</source>
        <translation>团队 {team} 的口令</translation>
    </message>
    <message>
        <source>The secret key will be kept in a file encrypted with this passphrase. Choose one of at least {n} characters and keep it safe: without it the key cannot be used.</source>
        <translation>私钥会保存在用此口令加密的文件中。请设置至少 {n} 个字符的口令并妥善保管：没有它就无法使用密钥。</translation>
    </message>
    <message>
        <source>Enter the passphrase of team {team}&apos;s key.</source>
        <translation>请输入团队 {team} 密钥的口令。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>Use at least {n} characters.</source>
        <translation>请至少使用 {n} 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language is used from the next start of the app.</source>
        <translation>新语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Data files</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
</context>
<context>
    <name>ProgressRow</name>
    <message>
        <source>packing</source>
        <translation>正在打包</translation>
    </message>
    <message>
        <source>previewing</source>
        <translation>正在预览</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>正在核验</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>items</source>
        <translation>项</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>We declare that the solution is our own original work.</source>
        <translation>我们声明本方案是我们的原创作品。</translation>
    </message>
    <message>
        <source>We declare that we use every dataset under its licence terms.</source>
        <translation>我们声明所用的每个数据集均遵守其许可条款。</translation>
    </message>
    <message>
        <source>We declare that we meet the challenge&apos;s eligibility rules.</source>
        <translation>我们声明我们符合比赛的参赛资格规定。</translation>
    </message>
    <message>
        <source>Review and sign</source>
        <translation>审阅并签名</translation>
    </message>
    <message>
        <source>Read the submission as judges will, confirm the declarations, then pack: the datasets are checked, everything is put in one zip and signed with your team&apos;s key.</source>
        <translation>以评委的角度阅读作品，确认各项声明，然后打包：程序会校验数据集，把所有内容放进一个 zip 文件，并用你团队的密钥签名。</translation>
    </message>
    <message>
        <source>The submission as judges will read it</source>
        <translation>评委所见的参赛作品</translation>
    </message>
    <message>
        <source>Sign and pack</source>
        <translation>签名并打包</translation>
    </message>
    <message>
        <source>Save the bundle in</source>
        <translation>提交包保存位置</translation>
    </message>
    <message>
        <source>Folder for the bundle</source>
        <translation>存放提交包的文件夹</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Pack datasets that fail validation (the bundle says so)</source>
        <translation>仍然打包未通过校验的数据集（提交包会注明）</translation>
    </message>
    <message>
        <source>Pack and sign</source>
        <translation>打包并签名</translation>
    </message>
    <message>
        <source>Packing waits for:</source>
        <translation>打包前仍需处理：</translation>
    </message>
    <message>
        <source>What stops packing</source>
        <translation>阻碍打包的原因</translation>
    </message>
    <message>
        <source>File name: {name}</source>
        <translation>文件名：{name}</translation>
    </message>
    <message>
        <source>Checking the project...</source>
        <translation>正在检查项目…</translation>
    </message>
    <message>
        <source>Packing...</source>
        <translation>正在打包…</translation>
    </message>
    <message>
        <source>Packed {name}.</source>
        <translation>已打包 {name}。</translation>
    </message>
    <message>
        <source>Not packed.</source>
        <translation>未打包。</translation>
    </message>
    <message>
        <source>packing</source>
        <translation>打包</translation>
    </message>
</context>
<context>
    <name>SolutionPage</name>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Describe the solution as judges will read it. Errors show under a field as you type; everything is saved as you go.</source>
        <translation>描述你的方案，内容会如实呈现给评委。输入时错误会显示在字段下方；所有内容会随时自动保存。</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <source>Tagline</source>
        <translation>标语</translation>
    </message>
    <message>
        <source>One sentence</source>
        <translation>一句话</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>What problem does it solve?</source>
        <translation>解决什么问题？</translation>
    </message>
    <message>
        <source>How does it solve it?</source>
        <translation>如何解决？</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>影响</translation>
    </message>
    <message>
        <source>Who benefits, and how?</source>
        <translation>谁会受益？如何受益？</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Sub-topic</source>
        <translation>子主题</translation>
    </message>
    <message>
        <source>Technologies</source>
        <translation>技术</translation>
    </message>
    <message>
        <source>Python, pandas, Leaflet</source>
        <translation>Python、pandas、Leaflet</translation>
    </message>
    <message>
        <source>Demo link</source>
        <translation>演示链接</translation>
    </message>
    <message>
        <source>Repository link</source>
        <translation>代码仓库链接</translation>
    </message>
    <message>
        <source>Video link</source>
        <translation>视频链接</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Who submits the solution. The team id is the one the organisers gave you; your bundle is signed with your team&apos;s key.</source>
        <translation>提交方案的团队。团队编号由主办方提供；提交包会用你团队的密钥签名。</translation>
    </message>
    <message>
        <source>Submission id</source>
        <translation>作品编号</translation>
    </message>
    <message>
        <source>Team id</source>
        <translation>团队编号</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>团队名称</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所属机构</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Contact for the upload link</source>
        <translation>接收上传链接的联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Contact email</source>
        <translation>联系邮箱</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Team members</source>
        <translation>团队成员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Affiliation</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>队长</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Team key</source>
        <translation>团队密钥</translation>
    </message>
    <message>
        <source>Create key...</source>
        <translation>创建密钥…</translation>
    </message>
    <message>
        <source>Unlock...</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <source>Export public key...</source>
        <translation>导出公钥…</translation>
    </message>
    <message>
        <source>Back up key...</source>
        <translation>备份密钥…</translation>
    </message>
    <message>
        <source>Write the secret key to a passphrase-protected file, to sign on another computer</source>
        <translation>把私钥写入以口令保护的文件，以便在另一台电脑上签名</translation>
    </message>
    <message>
        <source>Restore key...</source>
        <translation>恢复密钥…</translation>
    </message>
    <message>
        <source>Bring a key backed up on another computer here</source>
        <translation>把在另一台电脑上备份的密钥带到这里</translation>
    </message>
    <message>
        <source>Enter the team id first: the key belongs to it.</source>
        <translation>请先输入团队编号：密钥属于该团队。</translation>
    </message>
    <message>
        <source>Looking for team {team}&apos;s key...</source>
        <translation>正在查找团队 {team} 的密钥…</translation>
    </message>
    <message>
        <source>Team {team} has no key on this computer yet. Create one, then export its public key and register it with the organisers.</source>
        <translation>这台电脑上还没有团队 {team} 的密钥。请创建密钥，然后导出公钥并向主办方登记。</translation>
    </message>
    <message>
        <source>looking for the team key</source>
        <translation>查找团队密钥</translation>
    </message>
    <message>
        <source>Key id {key}. The secret key is kept in: {where}.</source>
        <translation>密钥 ID {key}。私钥保存在：{where}。</translation>
    </message>
    <message>
        <source>creating the team key</source>
        <translation>创建团队密钥</translation>
    </message>
    <message>
        <source>Key id {key} is unlocked for this session.</source>
        <translation>密钥 ID {key} 在本次使用期间已解锁。</translation>
    </message>
    <message>
        <source>Export public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <source>Public keys (*.pub)</source>
        <translation>公钥 (*.pub)</translation>
    </message>
    <message>
        <source>Public key written to {path}</source>
        <translation>公钥已写入 {path}</translation>
    </message>
    <message>
        <source>exporting the key</source>
        <translation>导出密钥</translation>
    </message>
    <message>
        <source>Back up key</source>
        <translation>备份密钥</translation>
    </message>
    <message>
        <source>Key backups (*.hkshkey)</source>
        <translation>密钥备份 (*.hkshkey)</translation>
    </message>
    <message>
        <source>Key backed up to {path}</source>
        <translation>密钥已备份到 {path}</translation>
    </message>
    <message>
        <source>backing up the key</source>
        <translation>备份密钥</translation>
    </message>
    <message>
        <source>Restore key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Key backups (*.hkshkey);;All files (*)</source>
        <translation>密钥备份 (*.hkshkey);;所有文件 (*)</translation>
    </message>
    <message>
        <source>restoring the key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>&lt;team id&gt;</source>
        <translation>&lt;团队编号&gt;</translation>
    </message>
</context>
<context>
    <name>TrustListDialog</name>
    <message>
        <source>Registered team keys</source>
        <translation>已登记的团队密钥</translation>
    </message>
    <message>
        <source>From {path}</source>
        <translation>来源：{path}</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Key id</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>&lt;h1&gt;HKSH Packager&lt;/h1&gt;</source>
        <translation>&lt;h1&gt;沪港提交包工具 HKSH Packager&lt;/h1&gt;</translation>
    </message>
    <message>
        <source>Describe your solution to the Hong Kong/Shanghai Co-operation Open Data Challenge, check the datasets you used, and make the signed bundle you upload. Everything stays on this computer and works offline.</source>
        <translation>为“沪港合作开放数据竞赛”描述你的方案、校验所用的数据集，并生成要上传的已签名提交包。所有资料只保存在这台电脑上，无需联网即可使用。</translation>
    </message>
    <message>
        <source>New project...</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Start from the sample...</source>
        <translation>从示例开始…</translation>
    </message>
    <message>
        <source>Open project...</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
</context>
<context>
    <name>names</name>
    <message>
        <source>Hong Kong</source>
        <translation>香港</translation>
    </message>
    <message>
        <source>Shanghai</source>
        <translation>上海</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
</TS>
