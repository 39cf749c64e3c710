<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_Hant_HK">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {app}</source>
        <translation>關於 {app}</translation>
    </message>
    <message>
        <source>The desktop tool of the Hong Kong/Shanghai Co-operation Open Data Challenge. Qt for Python {qt}.</source>
        <translation>「滬港合作開放數據競賽」的桌面工具。Qt for Python {qt}。</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>程式庫</translation>
    </message>
    <message>
        <source>Data sources</source>
        <translation>數據來源</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>程式庫</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>授權條款</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>網址</translation>
    </message>
    <message>
        <source>Libraries and their licences</source>
        <translation>程式庫及其授權條款</translation>
    </message>
    <message>
        <source>The data sources&apos; licences</source>
        <translation>數據來源的使用條款</translation>
    </message>
    <message>
        <source>The catalogue describes open data published under these terms. Use each dataset as its terms allow, and name its publisher.</source>
        <translation>目錄所列的開放數據按以下條款發布。請按各數據集的條款使用，並註明發布機構。</translation>
    </message>
</context>
<context>
    <name>CatalogueSearchDialog</name>
    <message>
        <source>Search the dataset catalogue</source>
        <translation>搜尋數據集目錄</translation>
    </message>
    <message>
        <source>Search words</source>
        <translation>搜尋字詞</translation>
    </message>
    <message>
        <source>For example: temperature, 氣溫, 停车场</source>
        <translation>例如：temperature、氣溫、停车场</translation>
    </message>
    <message>
        <source>Catalogue entries found</source>
        <translation>找到的目錄項目</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>{n} 個項目</translation>
    </message>
</context>
<context>
    <name>DatasetDetails</name>
    <message>
        <source>The selected file</source>
        <translation>已選的檔案</translation>
    </message>
    <message>
        <source>Add a data file to begin.</source>
        <translation>先加入一個數據檔案。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>數據集</translation>
    </message>
    <message>
        <source>Catalogue entries the header matches</source>
        <translation>與標題列相符的目錄項目</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建議</translation>
    </message>
    <message>
        <source>Use suggestion</source>
        <translation>採用建議</translation>
    </message>
    <message>
        <source>Search catalogue...</source>
        <translation>搜尋目錄…</translation>
    </message>
    <message>
        <source>Draft a schema...</source>
        <translation>草擬結構定義…</translation>
    </message>
    <message>
        <source>City of the dataset</source>
        <translation>數據集所屬城市</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>請選擇…</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>How the solution uses it</source>
        <translation>方案如何使用這數據</translation>
    </message>
    <message>
        <source>How it is used</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Sheet name</source>
        <translation>工作表名稱</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>編碼</translation>
    </message>
    <message>
        <source>Excel sheet</source>
        <translation>Excel 工作表</translation>
    </message>
    <message>
        <source>JSON pointer</source>
        <translation>JSON 指標</translation>
    </message>
    <message>
        <source>detected</source>
        <translation>自動偵測</translation>
    </message>
    <message>
        <source>Header starts on row</source>
        <translation>表頭開始於第幾列</translation>
    </message>
    <message>
        <source>Rows in the header</source>
        <translation>表頭的列數</translation>
    </message>
    <message>
        <source>Rows that are not data</source>
        <translation>不是資料的列</translation>
    </message>
    <message>
        <source>none (a pattern on the first column, or COLUMN=PATTERN: ^Total$)</source>
        <translation>沒有（第一欄的模式，或 欄=模式：^Total$）</translation>
    </message>
    <message>
        <source>Custom schema {file}</source>
        <translation>自訂結構定義 {file}</translation>
    </message>
    <message>
        <source>Not chosen: use a suggestion, search the catalogue, or draft a schema.</source>
        <translation>未選擇：請採用建議、搜尋目錄，或草擬結構定義。</translation>
    </message>
    <message>
        <source>Reading the header...</source>
        <translation>正在讀取標題列…</translation>
    </message>
    <message>
        <source>No catalogue entry has these columns.</source>
        <translation>沒有目錄項目含這些欄。</translation>
    </message>
    <message>
        <source>{score}% of columns · {title} ({id})</source>
        <translation>{score}% 欄相同 · {title}（{id}）</translation>
    </message>
    <message>
        <source>Save the drafted schema</source>
        <translation>儲存草擬的結構定義</translation>
    </message>
    <message>
        <source>JSON Schema (*.json)</source>
        <translation>JSON Schema (*.json)</translation>
    </message>
    <message>
        <source>drafting a schema</source>
        <translation>草擬結構定義</translation>
    </message>
</context>
<context>
    <name>DatasetResults</name>
    <message>
        <source>Errors</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>數據</translation>
    </message>
    <message>
        <source>Show errors of column</source>
        <translation>顯示此欄的錯誤</translation>
    </message>
    <message>
        <source>Show errors of rule</source>
        <translation>顯示此規則的錯誤</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>欄</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Validation errors</source>
        <translation>驗證錯誤</translation>
    </message>
    <message>
        <source>Data preview</source>
        <translation>數據預覽</translation>
    </message>
    <message>
        <source>Not validated yet.</source>
        <translation>尚未驗證。</translation>
    </message>
    <message>
        <source>{rows} rows, {bad} with errors, {errors} errors.</source>
        <translation>{rows} 列，{bad} 列有錯誤，共 {errors} 個錯誤。</translation>
    </message>
    <message>
        <source>The first {n} of each column and rule are listed.</source>
        <translation>每欄每項規則只列出首 {n} 個。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>（整列）</translation>
    </message>
    <message>
        <source>Reading {file}...</source>
        <translation>正在讀取 {file}…</translation>
    </message>
    <message>
        <source>{rows} rows of {file} ({how}).</source>
        <translation>{file} 共 {rows} 列（{how}）。</translation>
    </message>
    <message>
        <source>Only the first rows are shown: the file is too large to hold.</source>
        <translation>只顯示頭幾列：檔案太大，無法全部載入。</translation>
    </message>
    <message>
        <source>reading the data</source>
        <translation>讀取數據</translation>
    </message>
    <message>
        <source>Row {row} is not in the preview.</source>
        <translation>預覽中沒有第 {row} 列。</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>Datasets</source>
        <translation>數據集</translation>
    </message>
    <message>
        <source>Add every data file the solution uses (or drop them here). Say which catalogue dataset each is, then validate: errors are listed with their row and column.</source>
        <translation>加入方案用到的每個數據檔案（或拖放到這裏），註明各屬目錄中哪個數據集，然後驗證：錯誤會連同所在的列和欄列出。</translation>
    </message>
    <message>
        <source>Add files...</source>
        <translation>加入檔案…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>Validate all</source>
        <translation>全部驗證</translation>
    </message>
    <message>
        <source>Datasets of the submission</source>
        <translation>參賽作品的數據集</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>數據集</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 個錯誤</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} 個錯誤</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>無效</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>Changed since checked</source>
        <translation>驗證後曾更改</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未驗證</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（請選擇）</translation>
    </message>
    <message>
        <source>Add data files</source>
        <translation>加入數據檔案</translation>
    </message>
    <message>
        <source>Data files ({patterns});;All files (*)</source>
        <translation>數據檔案 ({patterns});;所有檔案 (*)</translation>
    </message>
    <message>
        <source>adding data files</source>
        <translation>加入數據檔案</translation>
    </message>
    <message>
        <source>Choose the catalogue dataset (or a custom schema) of the file before validating.</source>
        <translation>驗證前，請先為檔案選擇目錄中的數據集（或自訂結構定義）。</translation>
    </message>
    <message>
        <source>Validating...</source>
        <translation>正在驗證…</translation>
    </message>
    <message>
        <source>Validation finished.</source>
        <translation>驗證完成。</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>Validation stopped.</source>
        <translation>驗證已停止。</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Decide on a bundle</source>
        <translation>就提交包作出決定</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>決定</translation>
    </message>
    <message>
        <source>Why, for the judges and the record</source>
        <translation>原因，供評判參閱及記錄</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>決定者</translation>
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
        <translation>提交包已製作好，並已按主辦機構的方式核實。請用主辦機構發出的連結上載，並把收據貼在電郵內。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
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
        <translation>密鑰編號</translation>
    </message>
    <message>
        <source>Packed at</source>
        <translation>打包時間</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收據</translation>
    </message>
    <message>
        <source>Problems the verifier found</source>
        <translation>核實時發現的問題</translation>
    </message>
    <message>
        <source>Copy receipt</source>
        <translation>複製收據</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在資料夾中顯示</translation>
    </message>
    <message>
        <source>See it as judges will</source>
        <translation>以評判角度查看</translation>
    </message>
    <message>
        <source>No bundle yet: pack the submission in Review and sign.</source>
        <translation>尚未有提交包：請在「檢視及簽署」打包作品。</translation>
    </message>
    <message>
        <source>Valid: the bundle is intact and signed by a registered key.</source>
        <translation>有效：提交包完整，並由已登記的密鑰簽署。</translation>
    </message>
    <message>
        <source>Valid: the bundle is intact and signed with your team&apos;s key. The organisers check that key against the one you registered.</source>
        <translation>有效：提交包完整，並由你隊伍的密鑰簽署。主辦機構會把它與你登記的密鑰核對。</translation>
    </message>
    <message>
        <source>Invalid: the verifier found problems, listed below.</source>
        <translation>無效：核實時發現以下問題。</translation>
    </message>
    <message>
        <source>Receipt copied.</source>
        <translation>已複製收據。</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>欄</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>（整列）</translation>
    </message>
</context>
<context>
    <name>FailureReporter</name>
    <message>
        <source>Something unexpected went wrong while {doing}. The details are in {log}.</source>
        <translation>{doing}時發生意外錯誤。詳情見 {log}。</translation>
    </message>
    <message>
        <source>HKSH Packager</source>
        <translation>滬港提交包工具 HKSH Packager</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>錯誤訊息</translation>
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
        <translation>接納</translation>
    </message>
    <message>
        <source>not accepted</source>
        <translation>不接納</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>地位</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>隊伍</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>簽署密鑰</translation>
    </message>
    <message>
        <source>Signed (team&apos;s clock)</source>
        <translation>簽署時間（隊伍的時鐘）</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>送達時間</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>問題（{n}）</translation>
    </message>
    <message>
        <source>No problems.</source>
        <translation>沒有問題。</translation>
    </message>
    <message>
        <source>Intake findings</source>
        <translation>收件時的發現</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Verify bundles</source>
        <translation>核實提交包</translation>
    </message>
    <message>
        <source>&amp;Intake</source>
        <translation>收件(&amp;I)</translation>
    </message>
    <message>
        <source>Open &amp;bundles...</source>
        <translation>開啟提交包(&amp;B)…</translation>
    </message>
    <message>
        <source>Open &amp;folder...</source>
        <translation>開啟資料夾(&amp;F)…</translation>
    </message>
    <message>
        <source>Import &amp;trust list...</source>
        <translation>匯入信任名單(&amp;T)…</translation>
    </message>
    <message>
        <source>Show the trust &amp;list</source>
        <translation>顯示信任名單(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Save report...</source>
        <translation>儲存報告(&amp;S)…</translation>
    </message>
    <message>
        <source>Open an intake &amp;ledger...</source>
        <translation>開啟收件記錄簿(&amp;L)...</translation>
    </message>
    <message>
        <source>S&amp;can a folder into the ledger...</source>
        <translation>把資料夾掃描到記錄簿(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Watch a folder into the ledger...</source>
        <translation>監察資料夾並記入記錄簿(&amp;W)...</translation>
    </message>
    <message>
        <source>&amp;Decide on this bundle...</source>
        <translation>就這個提交包作出決定(&amp;D)...</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>關閉(&amp;C)</translation>
    </message>
    <message>
        <source>Filter: team, title, key...</source>
        <translation>篩選：隊伍、題目、密鑰…</translation>
    </message>
    <message>
        <source>Filter bundles</source>
        <translation>篩選提交包</translation>
    </message>
    <message>
        <source>Show bundles with verdict</source>
        <translation>只顯示此結果的提交包</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>所有結果</translation>
    </message>
    <message>
        <source>Open bundles or a folder of them, or drop them here.</source>
        <translation>開啟提交包或存放提交包的資料夾，或把它們拖放到這裏。</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>What verification found</source>
        <translation>核實結果</translation>
    </message>
    <message>
        <source>The submission, as judges read it</source>
        <translation>評判所見的參賽作品</translation>
    </message>
    <message>
        <source>Datasets in the bundle</source>
        <translation>提交包內的數據集</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>發現</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>參賽作品</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>數據集</translation>
    </message>
    <message>
        <source>reading the stored trust list</source>
        <translation>讀取已儲存的信任名單</translation>
    </message>
    <message>
        <source>No trust list: keys are not checked against the registered teams. Import the registration file (Intake &gt; Import trust list).</source>
        <translation>沒有信任名單：密鑰不會與已登記的隊伍核對。請匯入登記檔案（收件 &gt; 匯入信任名單）。</translation>
    </message>
    <message>
        <source>Trust list: {keys} keys, {revoked} revoked ({path}).</source>
        <translation>信任名單：{keys} 條密鑰，{revoked} 條已撤銷（{path}）。</translation>
    </message>
    <message>
        <source>{n} keys are listed for several teams: correct the list.</source>
        <translation>{n} 條密鑰登記在多於一隊之下：請更正名單。</translation>
    </message>
    <message>
        <source>No trust list is imported yet.</source>
        <translation>尚未匯入信任名單。</translation>
    </message>
    <message>
        <source>Import the registered teams&apos; keys</source>
        <translation>匯入已登記隊伍的密鑰</translation>
    </message>
    <message>
        <source>Trust lists (*.csv *.json)</source>
        <translation>信任名單 (*.csv *.json)</translation>
    </message>
    <message>
        <source>importing the trust list</source>
        <translation>匯入信任名單</translation>
    </message>
    <message>
        <source>Open bundles</source>
        <translation>開啟提交包</translation>
    </message>
    <message>
        <source>Bundles (*.zip)</source>
        <translation>提交包 (*.zip)</translation>
    </message>
    <message>
        <source>Open a folder of bundles</source>
        <translation>開啟存放提交包的資料夾</translation>
    </message>
    <message>
        <source>opening bundles</source>
        <translation>開啟提交包</translation>
    </message>
    <message>
        <source>Verifying {n} bundles...</source>
        <translation>正在核實 {n} 個提交包…</translation>
    </message>
    <message>
        <source>verifying bundles</source>
        <translation>核實提交包</translation>
    </message>
    <message>
        <source>Open an intake ledger&apos;s folder</source>
        <translation>開啟收件記錄簿所在的資料夾</translation>
    </message>
    <message>
        <source>Reading the intake...</source>
        <translation>正在讀取收件...</translation>
    </message>
    <message>
        <source>Choose the intake&apos;s folder, where its ledger is kept</source>
        <translation>選擇收件資料夾，即存放記錄簿的地方</translation>
    </message>
    <message>
        <source>The folder bundles arrive in</source>
        <translation>提交包送達的資料夾</translation>
    </message>
    <message>
        <source>Scanning {folder}...</source>
        <translation>正在掃描 {folder}...</translation>
    </message>
    <message>
        <source>Watching {folder} for bundles...</source>
        <translation>正在監察 {folder} 中的提交包...</translation>
    </message>
    <message>
        <source>watching for bundles</source>
        <translation>監察提交包</translation>
    </message>
    <message>
        <source>Open an intake ledger and choose a bundle; then decide on it.</source>
        <translation>請開啟收件記錄簿並選擇一個提交包，然後才作出決定。</translation>
    </message>
    <message>
        <source>recording the decision</source>
        <translation>記錄決定</translation>
    </message>
    <message>
        <source>Verify bundles first; then save the report.</source>
        <translation>請先核實提交包，然後儲存報告。</translation>
    </message>
    <message>
        <source>Save the intake report</source>
        <translation>儲存收件報告</translation>
    </message>
    <message>
        <source>Web page for judges (*.html);;Spreadsheet (*.csv);;JSON (*.json)</source>
        <translation>供評判閱覽的網頁 (*.html);;試算表 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>saving the report</source>
        <translation>儲存報告</translation>
    </message>
    <message>
        <source>Report saved: {path}</source>
        <translation>報告已儲存：{path}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Opening the bundle...&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在開啟提交包…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>opening the bundle</source>
        <translation>開啟提交包</translation>
    </message>
    <message>
        <source>Validating again...</source>
        <translation>正在重新驗證…</translation>
    </message>
    <message>
        <source>validating the dataset again</source>
        <translation>重新驗證數據集</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Open a project or start a new one.</source>
        <translation>開啟項目，或建立新項目。</translation>
    </message>
    <message>
        <source>reading the dataset catalogue</source>
        <translation>讀取數據集目錄</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation>新項目(&amp;N)…</translation>
    </message>
    <message>
        <source>New from the &amp;sample...</source>
        <translation>由範例建立(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>開啟項目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;bundle...</source>
        <translation>開啟提交包(&amp;B)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Verify bundles (organisers)...</source>
        <translation>核實提交包（主辦機構）(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>偏好設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About HKSH Packager...</source>
        <translation>關於 HKSH Packager(&amp;A)…</translation>
    </message>
    <message>
        <source>Problems that block packing</source>
        <translation>阻礙打包的問題</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步驟</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>隊伍</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>數據集</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Review and sign</source>
        <translation>檢視及簽署</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>creating the project</source>
        <translation>建立項目</translation>
    </message>
    <message>
        <source>Open a project folder</source>
        <translation>開啟項目資料夾</translation>
    </message>
    <message>
        <source>opening the project</source>
        <translation>開啟項目</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已儲存</translation>
    </message>
    <message>
        <source>saving submission.json</source>
        <translation>儲存 submission.json</translation>
    </message>
    <message>
        <source>Opened {folder}</source>
        <translation>已開啟 {folder}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>問題（{n}）</translation>
    </message>
    <message>
        <source>Problems (none blocking; {n} to know)</source>
        <translation>問題（沒有阻礙；{n} 項須留意）</translation>
    </message>
    <message>
        <source>Problems (none)</source>
        <translation>問題（無）</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>has problems</source>
        <translation>有問題</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>unlocking the team key</source>
        <translation>解鎖隊伍密鑰</translation>
    </message>
    <message>
        <source>Open a bundle</source>
        <translation>開啟提交包</translation>
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
        <translation>附上比賽要求的材料：計劃書，以及想讓評判看到的簡報、影片和圖片。可把檔案拖放到這裏，或按「加入」。</translation>
    </message>
    <message>
        <source>What the challenge asks for</source>
        <translation>比賽要求的材料</translation>
    </message>
    <message>
        <source>Materials the challenge asks for</source>
        <translation>比賽要求的材料</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>是否必須</translation>
    </message>
    <message>
        <source>File types</source>
        <translation>檔案類型</translation>
    </message>
    <message>
        <source>Largest size</source>
        <translation>大小上限</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已加入</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>已附上的檔案</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>題目</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>內容</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add files...</source>
        <translation>加入檔案…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Choose the stage in Solution: each stage asks for its own materials.</source>
        <translation>請在「方案」選擇階段：每個階段要求的材料不同。</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必須</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可選</translation>
    </message>
    <message>
        <source>none set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>Kind of {file}</source>
        <translation>{file} 的類別</translation>
    </message>
    <message>
        <source>Add materials</source>
        <translation>加入材料</translation>
    </message>
    <message>
        <source>adding materials</source>
        <translation>加入材料</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>New project</source>
        <translation>新項目</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>比賽</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>階段</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>項目名稱</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <source>In the folder</source>
        <translation>存放於資料夾</translation>
    </message>
    <message>
        <source>Start from the sample, to make it your own</source>
        <translation>以範例開始，再改成你們自己的</translation>
    </message>
    <message>
        <source>Where the project goes</source>
        <translation>項目存放位置</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase for team {team}</source>
        <translation>隊伍 {team} 的密碼短語</translation>
    </message>
    <message>
        <source>The secret key will be kept in a file encrypted with this passphrase. Choose one of at least {n} characters and keep it safe: without it the key cannot be used.</source>
        <translation>私密密鑰會儲存在以此密碼短語加密的檔案中。請設定最少 {n} 個字元的密碼短語並妥善保管：沒有它便無法使用密鑰。</translation>
    </message>
    <message>
        <source>Enter the passphrase of team {team}&apos;s key.</source>
        <translation>請輸入隊伍 {team} 密鑰的密碼短語。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密碼短語</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次輸入密碼短語</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次輸入</translation>
    </message>
    <message>
        <source>Use at least {n} characters.</source>
        <translation>請最少使用 {n} 個字元。</translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation>兩次輸入的密碼短語不同，請重新輸入。</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>請輸入密碼短語。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <source>A new language is used from the next start of the app.</source>
        <translation>新語言會在下次啟動程式時生效。</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Data files</source>
        <translation>數據檔案</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>提交包</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>請選擇…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>選擇資料夾</translation>
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
        <translation>正在預覽</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>正在驗證</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>正在核實</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>列</translation>
    </message>
    <message>
        <source>items</source>
        <translation>項</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進度</translation>
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
        <translation>我們聲明此方案是我們的原創作品。</translation>
    </message>
    <message>
        <source>We declare that we use every dataset under its licence terms.</source>
        <translation>我們聲明所用的每個數據集均符合其使用條款。</translation>
    </message>
    <message>
        <source>We declare that we meet the challenge&apos;s eligibility rules.</source>
        <translation>我們聲明我們符合比賽的參賽資格規定。</translation>
    </message>
    <message>
        <source>Review and sign</source>
        <translation>檢視及簽署</translation>
    </message>
    <message>
        <source>Read the submission as judges will, confirm the declarations, then pack: the datasets are checked, everything is put in one zip and signed with your team&apos;s key.</source>
        <translation>以評判的角度閱讀作品，確認各項聲明，然後打包：程式會檢查數據集，把所有內容放進一個 zip 檔案，並以你隊伍的密鑰簽署。</translation>
    </message>
    <message>
        <source>The submission as judges will read it</source>
        <translation>評判所見的參賽作品</translation>
    </message>
    <message>
        <source>Sign and pack</source>
        <translation>簽署及打包</translation>
    </message>
    <message>
        <source>Save the bundle in</source>
        <translation>提交包儲存位置</translation>
    </message>
    <message>
        <source>Folder for the bundle</source>
        <translation>存放提交包的資料夾</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>請選擇…</translation>
    </message>
    <message>
        <source>Pack datasets that fail validation (the bundle says so)</source>
        <translation>仍然打包未通過驗證的數據集（提交包會註明）</translation>
    </message>
    <message>
        <source>Pack and sign</source>
        <translation>打包及簽署</translation>
    </message>
    <message>
        <source>Packing waits for:</source>
        <translation>打包前仍須處理：</translation>
    </message>
    <message>
        <source>What stops packing</source>
        <translation>阻礙打包的原因</translation>
    </message>
    <message>
        <source>File name: {name}</source>
        <translation>檔案名稱：{name}</translation>
    </message>
    <message>
        <source>Checking the project...</source>
        <translation>正在檢查項目…</translation>
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
        <translation>描述你的方案，內容會如實呈現給評判。輸入時錯誤會顯示在欄位下方；所有內容會隨時自動儲存。</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>階段</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>題目（英文）</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>題目（中文）</translation>
    </message>
    <message>
        <source>Tagline</source>
        <translation>標語</translation>
    </message>
    <message>
        <source>One sentence</source>
        <translation>一句話</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>What problem does it solve?</source>
        <translation>解決甚麼問題？</translation>
    </message>
    <message>
        <source>How does it solve it?</source>
        <translation>如何解決？</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>影響</translation>
    </message>
    <message>
        <source>Who benefits, and how?</source>
        <translation>誰會受惠？如何受惠？</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主題</translation>
    </message>
    <message>
        <source>Sub-topic</source>
        <translation>子題</translation>
    </message>
    <message>
        <source>Technologies</source>
        <translation>技術</translation>
    </message>
    <message>
        <source>Python, pandas, Leaflet</source>
        <translation>Python、pandas、Leaflet</translation>
    </message>
    <message>
        <source>Demo link</source>
        <translation>示範連結</translation>
    </message>
    <message>
        <source>Repository link</source>
        <translation>程式碼庫連結</translation>
    </message>
    <message>
        <source>Video link</source>
        <translation>影片連結</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>請選擇…</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <source>Team</source>
        <translation>隊伍</translation>
    </message>
    <message>
        <source>Who submits the solution. The team id is the one the organisers gave you; your bundle is signed with your team&apos;s key.</source>
        <translation>提交方案的隊伍。隊伍編號由主辦機構提供；提交包會以你隊伍的密鑰簽署。</translation>
    </message>
    <message>
        <source>Submission id</source>
        <translation>作品編號</translation>
    </message>
    <message>
        <source>Team id</source>
        <translation>隊伍編號</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>隊伍名稱</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所屬機構</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>請選擇…</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Contact for the upload link</source>
        <translation>接收上載連結的聯絡人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Contact email</source>
        <translation>聯絡電郵</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成員</translation>
    </message>
    <message>
        <source>Team members</source>
        <translation>隊伍成員</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>電郵</translation>
    </message>
    <message>
        <source>Affiliation</source>
        <translation>所屬機構</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>隊長</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>加入成員</translation>
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
        <translation>隊伍密鑰</translation>
    </message>
    <message>
        <source>Create key...</source>
        <translation>建立密鑰…</translation>
    </message>
    <message>
        <source>Unlock...</source>
        <translation>解鎖…</translation>
    </message>
    <message>
        <source>Export public key...</source>
        <translation>匯出公開密鑰…</translation>
    </message>
    <message>
        <source>Back up key...</source>
        <translation>備份密鑰…</translation>
    </message>
    <message>
        <source>Write the secret key to a passphrase-protected file, to sign on another computer</source>
        <translation>把私密密鑰寫入以密碼短語保護的檔案，以便在另一部電腦上簽署</translation>
    </message>
    <message>
        <source>Restore key...</source>
        <translation>還原密鑰…</translation>
    </message>
    <message>
        <source>Bring a key backed up on another computer here</source>
        <translation>把在另一部電腦上備份的密鑰帶到這裏</translation>
    </message>
    <message>
        <source>Enter the team id first: the key belongs to it.</source>
        <translation>請先輸入隊伍編號：密鑰屬於該隊伍。</translation>
    </message>
    <message>
        <source>Looking for team {team}&apos;s key...</source>
        <translation>正在尋找隊伍 {team} 的密鑰…</translation>
    </message>
    <message>
        <source>Team {team} has no key on this computer yet. Create one, then export its public key and register it with the organisers.</source>
        <translation>這部電腦上還沒有隊伍 {team} 的密鑰。請建立密鑰，然後匯出公開密鑰並向主辦機構登記。</translation>
    </message>
    <message>
        <source>looking for the team key</source>
        <translation>尋找隊伍密鑰</translation>
    </message>
    <message>
        <source>Key id {key}. The secret key is kept in: {where}.</source>
        <translation>密鑰編號 {key}。私密密鑰儲存於：{where}。</translation>
    </message>
    <message>
        <source>creating the team key</source>
        <translation>建立隊伍密鑰</translation>
    </message>
    <message>
        <source>Key id {key} is unlocked for this session.</source>
        <translation>密鑰編號 {key} 在今次使用期間已解鎖。</translation>
    </message>
    <message>
        <source>Export public key</source>
        <translation>匯出公開密鑰</translation>
    </message>
    <message>
        <source>Public keys (*.pub)</source>
        <translation>公開密鑰 (*.pub)</translation>
    </message>
    <message>
        <source>Public key written to {path}</source>
        <translation>公開密鑰已寫入 {path}</translation>
    </message>
    <message>
        <source>exporting the key</source>
        <translation>匯出密鑰</translation>
    </message>
    <message>
        <source>Back up key</source>
        <translation>備份密鑰</translation>
    </message>
    <message>
        <source>Key backups (*.hkshkey)</source>
        <translation>密鑰備份 (*.hkshkey)</translation>
    </message>
    <message>
        <source>Key backed up to {path}</source>
        <translation>密鑰已備份到 {path}</translation>
    </message>
    <message>
        <source>backing up the key</source>
        <translation>備份密鑰</translation>
    </message>
    <message>
        <source>Restore key</source>
        <translation>還原密鑰</translation>
    </message>
    <message>
        <source>Key backups (*.hkshkey);;All files (*)</source>
        <translation>密鑰備份 (*.hkshkey);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>restoring the key</source>
        <translation>還原密鑰</translation>
    </message>
    <message>
        <source>&lt;team id&gt;</source>
        <translation>&lt;隊伍編號&gt;</translation>
    </message>
</context>
<context>
    <name>TrustListDialog</name>
    <message>
        <source>Registered team keys</source>
        <translation>已登記的隊伍密鑰</translation>
    </message>
    <message>
        <source>From {path}</source>
        <translation>來源：{path}</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>隊伍</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Key id</source>
        <translation>密鑰編號</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>備註</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>&lt;h1&gt;HKSH Packager&lt;/h1&gt;</source>
        <translation>&lt;h1&gt;滬港提交包工具 HKSH Packager&lt;/h1&gt;</translation>
    </message>
    <message>
        <source>Describe your solution to the Hong Kong/Shanghai Co-operation Open Data Challenge, check the datasets you used, and make the signed bundle you upload. Everything stays on this computer and works offline.</source>
        <translation>為「滬港合作開放數據競賽」描述你的方案、驗證所用的數據集，並製作要上載的已簽署提交包。所有資料只留在這部電腦上，毋須上網也可使用。</translation>
    </message>
    <message>
        <source>New project...</source>
        <translation>新項目…</translation>
    </message>
    <message>
        <source>Start from the sample...</source>
        <translation>由範例開始…</translation>
    </message>
    <message>
        <source>Open project...</source>
        <translation>開啟項目…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的項目</translation>
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
