CREATE EXTERNAL TABLE `default`.`ddbr_skew_01700000000000_abcdef12_0a1b2c3d` (
  `item` struct<pk:struct<s:string,n:string,b:string>,amount:struct<s:string,n:string,b:string>,digest:struct<s:string,n:string,b:string>>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://my-exports/orders/AWSDynamoDB/01700000000000-abcdef12/data/'
TBLPROPERTIES ('ddbr:created-by'='ddbr')
